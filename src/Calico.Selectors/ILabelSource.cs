using System.Diagnostics.CodeAnalysis;

namespace Calico.Selectors;

/// <summary>
/// A read-only view of a set of labels that a <see cref="Selector"/> can be evaluated against without
/// copying them into a dictionary; for example an endpoint's own labels layered over the labels it
/// inherits from its profiles.
/// </summary>
public interface ILabelSource
{
    /// <summary>Gets the value of the label <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value);

    /// <summary>Returns whether the label <paramref name="key"/> is present (with any value, including "").</summary>
    public bool ContainsKey(string key);
}
