namespace Calico.Selectors.Parser;

/// <summary>The "expected ..." phrases of parse error messages, one per parser state.</summary>
internal static class Expectations
{
    public const string Operator = "'==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with'";
    public const string Operand = "a label, 'has(', 'all()', 'global()', '!' or '('";
    public const string QuotedString = "a quoted string";
    public const string SetStart = "'{'";
    public const string SetItem = "a quoted string or '}'";
    public const string SetSeparator = "',' or '}'";
    public const string HasLabel = "a label name";
    public const string CloseParen = "')'";
    public const string AfterExpression = "'&&', '||' or end of selector";
    public const string AfterNestedExpression = "'&&', '||' or ')'";
}
