using Calico.Api;
using Calico.Api.Serialization;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// An immutable set of resources with a name (Felix's calc/state_test.go State): built from others with
/// <see cref="With(string, IEnumerable{Resource})"/> and <see cref="Without"/>, never changed in place.
/// </summary>
internal sealed class ClusterState
{
    private readonly List<Resource> _resources;

    private ClusterState(string name, List<Resource> resources)
    {
        Name = name;
        _resources = resources;
    }

    public static ClusterState Empty { get; } = new("empty", []);

    public string Name { get; }

    /// <summary>The resources, in the order they were added.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>This state plus <paramref name="resources"/>; a resource with the key of an existing one replaces it in place.</summary>
    public ClusterState With(string name, IEnumerable<Resource> resources)
    {
        var result = new List<Resource>(_resources);
        foreach (var resource in resources)
        {
            var key = ResourceKey.Of(resource);
            var index = result.FindIndex(r => ResourceKey.Of(r) == key);
            if (index >= 0)
            {
                result[index] = resource;
            }
            else
            {
                result.Add(resource);
            }
        }

        return new ClusterState(name, result);
    }

    public ClusterState With(string name, ClusterState other) => With(name, other.Resources);

    /// <summary>This state without the resources named.</summary>
    public ClusterState Without(string name, params ResourceKey[] keys) =>
        new(name, [.. _resources.Where(r => !keys.Contains(ResourceKey.Of(r)))]);

    public ClusterState Named(string name) => new(name, _resources);

    /// <summary>
    /// What the datastore would report going from <paramref name="from"/> to <paramref name="to"/>: an update for each
    /// resource that is new or whose content changed (in <paramref name="to"/>'s order), then a delete for each that is gone.
    /// </summary>
    public static IReadOnlyList<ResourceChange> Changes(IReadOnlyList<Resource> from, IReadOnlyList<Resource> to)
    {
        var before = from.ToDictionary(ResourceKey.Of, ResourceCodec.EncodeJson);
        var after = to.Select(ResourceKey.Of).ToHashSet();
        var changes = new List<ResourceChange>();
        foreach (var resource in to)
        {
            if (!before.TryGetValue(ResourceKey.Of(resource), out var json) || !string.Equals(json, ResourceCodec.EncodeJson(resource), StringComparison.Ordinal))
            {
                changes.Add(ResourceChange.Update(resource));
            }
        }

        foreach (var resource in from)
        {
            if (!after.Contains(ResourceKey.Of(resource)))
            {
                changes.Add(ResourceChange.Delete(ResourceKey.Of(resource)));
            }
        }

        return changes;
    }

    public override string ToString() => Name;
}
