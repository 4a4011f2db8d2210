namespace Calico.Datastore;

/// <summary>
/// Identifies one stored resource: its kind (for example <c>IPPool</c> or <c>NetworkPolicy</c>), its namespace
/// (<see langword="null"/> for cluster-scoped kinds) and its name.
/// </summary>
/// <param name="Kind">The resource kind, as the API names it. Compared ordinally.</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for a cluster-scoped resource. Never empty.</param>
/// <param name="Name">The resource name. Compared ordinally.</param>
public readonly record struct ResourceKey(string Kind, string? Namespace, string Name)
{
    /// <summary>Creates the key of a cluster-scoped resource.</summary>
    public static ResourceKey Cluster(string kind, string name) => new(kind, null, name);

    /// <summary>Creates the key of a namespaced resource.</summary>
    public static ResourceKey Namespaced(string kind, string @namespace, string name) => new(kind, @namespace, name);

    /// <summary>The name as users write it: <c>name</c>, or <c>namespace/name</c> for a namespaced resource.</summary>
    public string QualifiedName => Namespace is null ? Name : $"{Namespace}/{Name}";

    /// <summary>Formats the key as error messages show it, for example <c>NetworkPolicy "app/allow"</c>.</summary>
    public override string ToString() => $"{Kind} \"{QualifiedName}\"";
}
