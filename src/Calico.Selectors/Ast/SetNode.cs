using System.Text;

namespace Calico.Selectors.Ast;

/// <summary>The shape shared by <c>label in {...}</c> and <c>label not in {...}</c>.</summary>
internal abstract class SetNode : Node
{
    // Above this size membership uses a hash set; below it a linear scan is as fast and allocates nothing.
    private const int LinearScanLimit = 8;

    private readonly string[] _values;
    private readonly HashSet<string>? _lookup;

    protected SetNode(string label, IEnumerable<string> values)
    {
        Label = label;
        var sorted = values.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, CodePointComparer.Instance);
        _values = sorted;
        if (sorted.Length > LinearScanLimit)
        {
            _lookup = new HashSet<string>(sorted, StringComparer.Ordinal);
        }
    }

    public string Label { get; }

    /// <summary>The set's values, de-duplicated and sorted by code point (as Calico sorts them).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>The operator keyword as the canonical form spells it: <c>in</c> or <c>not in</c>.</summary>
    protected abstract string CanonicalOperator { get; }

    public sealed override void AppendCanonical(StringBuilder builder)
    {
        builder.Append(Label).Append(' ').Append(CanonicalOperator).Append(" {");
        for (var i = 0; i < Values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            AppendQuoted(builder, Values[i]);
        }

        builder.Append('}');
    }

    protected bool SetContains(string value)
    {
        if (_lookup is not null)
        {
            return _lookup.Contains(value);
        }

        foreach (var candidate in _values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
