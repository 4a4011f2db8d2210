namespace Calico.Api;

/// <summary>How a resource is named in messages: Kind "name" or Kind "namespace/name".</summary>
public static class ResourceDescriptions
{
    public static string Describe(ResourceKind kind, Resource resource) => Describe(kind, resource.Namespace, resource.Metadata.Name);

    public static string Describe(ResourceKind kind, string? ns, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return kind.Kind;
        }

        return string.IsNullOrEmpty(ns) ? $"{kind.Kind} \"{name}\"" : $"{kind.Kind} \"{ns}/{name}\"";
    }
}
