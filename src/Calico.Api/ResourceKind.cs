using System.Text.Json.Serialization.Metadata;

namespace Calico.Api;

/// <summary>Everything the system knows about one kind: its names, scope and serializer.</summary>
public sealed class ResourceKind
{
    private readonly Lazy<JsonTypeInfo> _typeInfo;

    /// <param name="typeInfo">Built on first use: serializer metadata is costly, and a short-lived process (the CNI plugin) touches few kinds.</param>
    internal ResourceKind(string kind, string apiVersion, string storeKind, bool isNamespaced, Type clrType, Func<JsonTypeInfo> typeInfo, Func<Resource> create, params string[] names)
    {
        Kind = kind;
        ApiVersion = apiVersion;
        StoreKind = storeKind;
        IsNamespaced = isNamespaced;
        ClrType = clrType;
        _typeInfo = new Lazy<JsonTypeInfo>(typeInfo);
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

    internal JsonTypeInfo TypeInfo => _typeInfo.Value;

    internal Func<Resource> Create { get; }

    public Type ClrType { get; }

    public override string ToString() => Kind;
}
