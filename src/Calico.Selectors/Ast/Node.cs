using System.Text;

namespace Calico.Selectors.Ast;

/// <summary>A node of a parsed selector. Nodes are immutable once built.</summary>
internal abstract class Node
{
    /// <summary>Evaluates this node against <paramref name="labels"/>.</summary>
    public abstract bool Evaluate(in LabelLookup labels);

    /// <summary>Dispatches to the <paramref name="visitor"/> method for this node type.</summary>
    public abstract TResult Accept<TResult>(INodeVisitor<TResult> visitor);

    /// <summary>Appends this node's canonical text (calico-features.md §3) to <paramref name="builder"/>.</summary>
    public abstract void AppendCanonical(StringBuilder builder);

    /// <summary>
    /// Appends <paramref name="value"/> quoted the canonical way: in double quotes, or in single
    /// quotes if it contains a double quote. (A value cannot contain both: there are no escapes.)
    /// </summary>
    protected static void AppendQuoted(StringBuilder builder, string value)
    {
        var quote = value.Contains('"', StringComparison.Ordinal) ? '\'' : '"';
        builder.Append(quote).Append(value).Append(quote);
    }
}
