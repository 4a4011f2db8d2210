using Calico.Api;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>A resource's identity as the calc graph's delete takes it: CLR kind name, namespace, name.</summary>
internal readonly record struct ResourceKey(string Kind, string? Namespace, string Name)
{
    public static ResourceKey Of(Resource resource) => new(resource.GetType().Name, resource.Namespace, resource.Name);

    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
