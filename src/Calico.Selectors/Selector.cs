using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Calico.Selectors.Ast;
using Calico.Selectors.Hashing;
using Calico.Selectors.Parser;

namespace Calico.Selectors;

/// <summary>
/// A parsed Calico label selector (calico-features.md §3), e.g. <c>app == 'web' &amp;&amp; !has(canary)</c>.
/// Instances are immutable and safe to evaluate from any number of threads.
/// </summary>
/// <remarks>
/// Two selectors are equal when their <see cref="Canonical"/> forms are equal, so
/// <c>a=='x'</c> and <c>a == "x"</c> are the same selector (with the same <see cref="UniqueId"/>).
/// </remarks>
public sealed class Selector : IEquatable<Selector>
{
    private readonly Node _root;
    private string? _canonical;
    private string? _uniqueId;
    private ReferenceSummary? _references;

    private Selector(Node root)
    {
        _root = root;
    }

    /// <summary>The selector that matches everything: <c>all()</c>, also what "" parses to.</summary>
    public static Selector All { get; } = new(new AllNode());

    /// <summary>
    /// The canonical text: operators spelled out and spaced (<c>a == "v"</c>, <c>starts with</c>),
    /// values in double quotes (single if the value contains <c>"</c>), set values sorted and
    /// de-duplicated, every <c>&amp;&amp;</c>/<c>||</c> group in parentheses and <c>!</c> with no space.
    /// Parsing the canonical text gives an equal selector.
    /// </summary>
    public string Canonical => _canonical ??= BuildCanonical(_root);

    /// <summary>
    /// Calico's unique ID for this selector: <c>"s:" + base64url-nopad(sha224("s:" + Canonical))</c>
    /// (libcalico-go hash.MakeUniqueID). Felix derives IP set names from it.
    /// </summary>
    public string UniqueId => _uniqueId ??= BuildUniqueId(Canonical);

    /// <summary>
    /// True if <c>global()</c> occurs anywhere in the selector. It only has a meaning in a rule's
    /// namespaceSelector; callers reject it in policy selectors and IP pool selectors.
    /// </summary>
    public bool UsesGlobal => References.UsesGlobal;

    /// <summary>The distinct label keys the selector refers to, in ordinal order.</summary>
    public IReadOnlyList<string> LabelsReferenced => References.Labels;

    internal Node Root => _root;

    private ReferenceSummary References => _references ??= ReferenceSummary.Of(_root);

    /// <summary>Parses <paramref name="text"/>. An empty or whitespace-only text means <see cref="All"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SelectorParseException">The text is not a valid selector; the message says where and why.</exception>
    public static Selector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Selector(SelectorParser.Parse(text));
    }

    /// <summary>Parses <paramref name="text"/>, returning false with the error instead of throwing.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out Selector? selector,
        [NotNullWhen(false)] out SelectorParseException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (SelectorParseException e)
        {
            selector = null;
            error = e;
            return false;
        }
    }

    /// <summary>
    /// Evaluates the selector against <paramref name="labels"/>. <c>==</c>, <c>in</c>, <c>contains</c>,
    /// <c>starts with</c>, <c>ends with</c> and <c>has</c> need the label present; <c>!=</c> and
    /// <c>not in</c> also match when it is absent.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _root.Evaluate(new LabelLookup(labels));
    }

    /// <summary>Evaluates the selector against a label view, e.g. own labels layered over inherited ones.</summary>
    public bool Matches(ILabelSource labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _root.Evaluate(new LabelLookup(labels));
    }

    /// <summary>
    /// Returns this selector with <paramref name="prefix"/> put in front of every label name it refers to
    /// (<c>k == 'v'</c> becomes <c>pcns.k == "v"</c>), as Calico's <c>parser.PrefixVisitor</c> does when it turns
    /// a namespaceSelector or serviceAccountSelector into a selector over endpoint labels. <c>all()</c> and
    /// <c>global()</c> are unchanged.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    public Selector WithLabelPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.Length == 0 ? this : new Selector(_root.Accept(new LabelPrefixer(prefix)));
    }

    /// <inheritdoc />
    public bool Equals(Selector? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(Canonical, other.Canonical, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Selector);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    /// <summary>Returns <see cref="Canonical"/>.</summary>
    public override string ToString() => Canonical;

    private static string BuildCanonical(Node root)
    {
        var builder = new StringBuilder();
        root.AppendCanonical(builder);
        return builder.ToString();
    }

    private static string BuildUniqueId(string canonical)
    {
        var input = Encoding.UTF8.GetBytes("s:" + canonical);
        Span<byte> digest = stackalloc byte[Sha224.HashSizeInBytes];
        Sha224.HashData(input, digest);
        return "s:" + Base64Url.EncodeToString(digest);
    }

    private sealed class ReferenceSummary(IReadOnlyList<string> labels, bool usesGlobal)
    {
        public IReadOnlyList<string> Labels { get; } = labels;

        public bool UsesGlobal { get; } = usesGlobal;

        public static ReferenceSummary Of(Node root)
        {
            var collector = new ReferenceCollector();
            var usesGlobal = root.Accept(collector);
            return new ReferenceSummary([.. collector.Labels], usesGlobal);
        }
    }
}
