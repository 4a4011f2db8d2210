namespace Calico.Datastore;

/// <summary>Argument checks shared by every backend.</summary>
internal static class ResourceKeyExtensions
{
    public static void ThrowIfInvalid(this ResourceKey key, string paramName)
    {
        ThrowIfInvalidKind(key.Kind, paramName);
        ThrowIfInvalidNamespace(key.Namespace, paramName);
        if (string.IsNullOrEmpty(key.Name))
        {
            throw new ArgumentException("A resource key needs a name.", paramName);
        }
    }

    public static void ThrowIfInvalidKind(string? kind, string paramName)
    {
        if (string.IsNullOrEmpty(kind))
        {
            throw new ArgumentException("A resource kind must not be null or empty.", paramName);
        }
    }

    public static void ThrowIfInvalidNamespace(string? ns, string paramName)
    {
        if (ns is { Length: 0 })
        {
            throw new ArgumentException("A namespace must be null (cluster-scoped or all namespaces) or non-empty.", paramName);
        }
    }
}
