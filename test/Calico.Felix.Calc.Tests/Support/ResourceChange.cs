using Calico.Api;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>One datastore event: a resource created or changed (<see cref="Resource"/> set) or deleted.</summary>
internal sealed record ResourceChange(ResourceKey Key, Resource? Resource)
{
    public static ResourceChange Update(Resource resource) => new(ResourceKey.Of(resource), resource);

    public static ResourceChange Delete(ResourceKey key) => new(key, null);

    public override string ToString() => Resource is null ? $"delete {Key}" : $"update {Key}";
}
