using System.Text.Json.Serialization.Metadata;

namespace Calico.Api;

/// <summary>Everything the system knows about one kind: its names, scope and serializer.</summary>
public sealed class ResourceKind
{
    internal ResourceKind(string kind, string apiVersion, string storeKind, bool isNamespaced, JsonTypeInfo typeInfo, Func<Resource> create, params string[] names)
    {
        Kind = kind;
        ApiVersion = apiVersion;
        StoreKind = storeKind;
        IsNamespaced = isNamespaced;
        TypeInfo = typeInfo;
        Create = create;
        Names = names;
    }

    /// <summary>The kind as written in YAML, e.g. "IPPool".</summary>
    public string Kind { get; }

    public string ApiVersion { get; }

    /// <summary>The unique key under which the datastore keeps this kind (Kubernetes kinds are prefixed where the name alone is ambiguous).</summary>
    public string StoreKind { get; }

    public bool IsNamespaced { get; }

    /// <summary>The names a user can type on the command line: singular, plural and short names, all lower case.</summary>
    public IReadOnlyList<string> Names { get; }

    public string Plural => Names[1];

    public string ListKind => Kind + "List";

    public bool IsKubernetesKind => !string.Equals(ApiVersion, ResourceKinds.CalicoApiVersion, StringComparison.Ordinal);

    internal JsonTypeInfo TypeInfo { get; }

    internal Func<Resource> Create { get; }

    public Type ClrType => TypeInfo.Type;

    public override string ToString() => Kind;
}
