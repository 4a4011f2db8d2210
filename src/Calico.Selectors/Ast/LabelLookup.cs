using System.Diagnostics.CodeAnalysis;

namespace Calico.Selectors.Ast;

/// <summary>
/// The labels a selector is evaluated against: either a dictionary or an <see cref="ILabelSource"/>.
/// A struct holding one of the two avoids allocating an adapter per evaluation.
/// </summary>
internal readonly struct LabelLookup
{
    private readonly IReadOnlyDictionary<string, string>? _dictionary;
    private readonly ILabelSource? _source;

    public LabelLookup(IReadOnlyDictionary<string, string> dictionary)
    {
        _dictionary = dictionary;
        _source = null;
    }

    public LabelLookup(ILabelSource source)
    {
        _dictionary = null;
        _source = source;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) =>
        _dictionary is not null ? _dictionary.TryGetValue(key, out value) : _source!.TryGetValue(key, out value);

    public bool ContainsKey(string key) =>
        _dictionary is not null ? _dictionary.ContainsKey(key) : _source!.ContainsKey(key);
}
