using Calico.Selectors.Ast;
using Calico.Selectors.Tokenizer;

namespace Calico.Selectors.Parser;

/// <summary>
/// Recursive-descent parser for the selector language, one method per precedence level:
/// <code>
/// or      := and ('||' and)*
/// and     := unary ('&amp;&amp;' unary)*
/// unary   := '!'* primary                      (the '!'s collapse: an even number cancels out)
/// primary := has(L) | all() | global() | '(' or ')'
///          | L ('==' | '!=' | 'contains' | 'starts with' | 'ends with') S
///          | L ('in' | 'not in') '{' [S (',' S)* [',']] '}'
/// </code>
/// An empty or whitespace-only input means <c>all()</c>. Parentheses around a single expression
/// leave no node, and nested groups are not flattened, exactly as in Calico, because the canonical
/// text (and hence the unique ID) follows the tree's shape.
/// </summary>
internal sealed class SelectorParser
{
    /// <summary>Deepest parenthesis nesting accepted; it bounds recursion in parsing and evaluation.</summary>
    public const int MaxNestingDepth = 256;

    private readonly string _input;
    private SelectorTokenizer _tokenizer;
    private Token _current;
    private int _depth;

    private SelectorParser(string input)
    {
        _input = input;
        _tokenizer = new SelectorTokenizer(input);
        _current = _tokenizer.Next();
    }

    /// <summary>Parses <paramref name="input"/> into a syntax tree.</summary>
    /// <exception cref="SelectorParseException">The input is not a valid selector.</exception>
    public static Node Parse(string input) => new SelectorParser(input).ParseRoot();

    private Node ParseRoot()
    {
        if (_current.Kind == TokenKind.Eof)
        {
            return new AllNode();
        }

        var node = ParseOr();
        if (_current.Kind != TokenKind.Eof)
        {
            throw Unexpected(Expectations.AfterExpression);
        }

        return node;
    }

    private Node ParseOr()
    {
        var first = ParseAnd();
        if (_current.Kind != TokenKind.Or)
        {
            return first;
        }

        var operands = new List<Node> { first };
        while (_current.Kind == TokenKind.Or)
        {
            Advance();
            operands.Add(ParseAnd());
        }

        return new OrNode([.. operands]);
    }

    private Node ParseAnd()
    {
        var first = ParseUnary();
        if (_current.Kind != TokenKind.And)
        {
            return first;
        }

        var operands = new List<Node> { first };
        while (_current.Kind == TokenKind.And)
        {
            Advance();
            operands.Add(ParseUnary());
        }

        return new AndNode([.. operands]);
    }

    private Node ParseUnary()
    {
        var negated = false;
        while (_current.Kind == TokenKind.Not)
        {
            negated = !negated;
            Advance();
        }

        var operand = ParsePrimary();
        return negated ? new NotNode(operand) : operand;
    }

    private Node ParsePrimary()
    {
        switch (_current.Kind)
        {
            case TokenKind.HasOpen:
                Advance();
                var label = Expect(TokenKind.Label, Expectations.HasLabel).Value!;
                Expect(TokenKind.RParen, Expectations.CloseParen);
                return new HasNode(label);
            case TokenKind.AllOpen:
                Advance();
                Expect(TokenKind.RParen, Expectations.CloseParen);
                return new AllNode();
            case TokenKind.GlobalOpen:
                Advance();
                Expect(TokenKind.RParen, Expectations.CloseParen);
                return new GlobalNode();
            case TokenKind.LParen:
                return ParseParenthesized();
            case TokenKind.Label:
                return ParseComparison();
            default:
                throw Unexpected(Expectations.Operand);
        }
    }

    private Node ParseParenthesized()
    {
        if (++_depth > MaxNestingDepth)
        {
            throw Unexpected($"at most {MaxNestingDepth} levels of nested parentheses");
        }

        Advance();
        var inner = ParseOr();
        Expect(TokenKind.RParen, Expectations.AfterNestedExpression);
        _depth--;
        return inner;
    }

    private Node ParseComparison()
    {
        var label = _current.Value!;
        Advance();
        var op = _current.Kind;
        switch (op)
        {
            case TokenKind.Eq:
            case TokenKind.Ne:
            case TokenKind.Contains:
            case TokenKind.StartsWith:
            case TokenKind.EndsWith:
                Advance();
                var value = Expect(TokenKind.StringLiteral, Expectations.QuotedString).Value!;
                return op switch
                {
                    TokenKind.Eq => new EqualsNode(label, value),
                    TokenKind.Ne => new NotEqualsNode(label, value),
                    TokenKind.Contains => new ContainsNode(label, value),
                    TokenKind.StartsWith => new StartsWithNode(label, value),
                    _ => new EndsWithNode(label, value),
                };
            case TokenKind.In:
            case TokenKind.NotIn:
                Advance();
                var values = ParseSet();
                return op == TokenKind.In ? new InSetNode(label, values) : new NotInSetNode(label, values);
            default:
                throw Unexpected(Expectations.Operator);
        }
    }

    /// <summary>Parses <c>{ "a", "b", }</c>: possibly empty, possibly with a trailing comma.</summary>
    private List<string> ParseSet()
    {
        Expect(TokenKind.LBrace, Expectations.SetStart);
        var values = new List<string>();
        while (_current.Kind == TokenKind.StringLiteral)
        {
            values.Add(_current.Value!);
            Advance();
            if (_current.Kind != TokenKind.Comma)
            {
                Expect(TokenKind.RBrace, Expectations.SetSeparator);
                return values;
            }

            Advance();
        }

        Expect(TokenKind.RBrace, Expectations.SetItem);
        return values;
    }

    private Token Expect(TokenKind kind, string expected)
    {
        if (_current.Kind != kind)
        {
            throw Unexpected(expected);
        }

        var token = _current;
        Advance();
        return token;
    }

    private void Advance() => _current = _tokenizer.Next();

    private SelectorParseException Unexpected(string expected) =>
        new(_input, _current.Start, expected, Describe.Token(_input, _current));
}
