using Calico.Datastore;

namespace Calico.Typha.LoadClients;

/// <summary>A WorkloadEndpoint the writer changes (from the generator's plan file, <c>label_targets</c>).</summary>
internal sealed record UpdateTarget(ResourceKey Key)
{
    public static IReadOnlyList<UpdateTarget> ReadPlan(string planPath)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(planPath));
        var targets = document.RootElement.GetProperty("label_targets").EnumerateArray()
            .Select(t => new UpdateTarget(new ResourceKey(t.GetProperty("kind").GetString()!, t.GetProperty("namespace").GetString(), t.GetProperty("name").GetString()!)))
            .ToList();
        return targets.Count > 0 ? targets : throw new ArgumentException($"{planPath}: label_targets is empty");
    }
}
