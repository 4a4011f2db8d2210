using System.Text.Json;
using Calico.Api;

namespace Calico.Felix.ClusterGenerator;

/// <summary>One object a single-change measurement modifies.</summary>
internal sealed record MutationTarget(string StoreKind, string Namespace, string Name, bool Local);

/// <summary>A local endpoint's interface and address (the benchmark creates the interface in the node's namespace).</summary>
internal sealed record LocalInterface(string Name, string Address);

/// <summary>
/// What the benchmark script needs to know about a generated cluster, written beside the database: the measured
/// node's interfaces, and which endpoints and policies a single change should touch so that the change matters to
/// that node.
/// </summary>
/// <remarks>
/// Label targets are endpoints whose <c>tier</c> is frontend or backend in a namespace with an endpoint on the node,
/// so flipping the tier moves them in or out of the IP set of that namespace's active <c>allow-frontend-0</c> policy
/// (tier == 'frontend'); every fifth one is on the node itself, where the flip also changes which policies apply.
/// Policy targets are those <c>allow-frontend-0</c> policies (selector all(), so active on the node): a change moves
/// one port of their first rule between 8080 and 8081, which rewrites one policy chain.
/// </remarks>
internal sealed record MutationPlan(string Node, IReadOnlyList<LocalInterface> Interfaces, IReadOnlyList<MutationTarget> LabelTargets, IReadOnlyList<MutationTarget> PolicyTargets)
{
    private const int MaxTargets = 2000;

    public static MutationPlan Build(ClusterModel model)
    {
        var shape = model.Shape;
        var random = new Random(shape.Seed + 1);
        var localNamespaces = new HashSet<int>();
        var interfaces = new List<LocalInterface>();
        for (var e = 0; e < shape.Endpoints; e++)
        {
            if (model.IsLocal(e))
            {
                localNamespaces.Add(model.NamespaceOf(e));
                interfaces.Add(new LocalInterface(ClusterModel.InterfaceName(ClusterModel.NamespaceName(model.NamespaceOf(e)), model.PodName(e)), ClusterModel.Address(e)));
            }
        }

        var local = new List<MutationTarget>();
        var remote = new List<MutationTarget>();
        for (var e = 0; e < shape.Endpoints; e++)
        {
            var n = model.NamespaceOf(e);
            if (localNamespaces.Contains(n) && model.AllowFrontendPolicyIndex(n) >= 0 && !string.Equals(model.TierOf(e), "db", StringComparison.Ordinal))
            {
                (model.IsLocal(e) ? local : remote).Add(new MutationTarget(ResourceKinds.WorkloadEndpoint.StoreKind, ClusterModel.NamespaceName(n), model.EndpointName(e), model.IsLocal(e)));
            }
        }

        Shuffle(random, local);
        Shuffle(random, remote);
        var labelTargets = new List<MutationTarget>();
        for (int i = 0, l = 0, r = 0; labelTargets.Count < MaxTargets && (l < local.Count || r < remote.Count); i++)
        {
            var wantLocal = i % 5 == 4;
            if ((wantLocal && l < local.Count) || r >= remote.Count)
            {
                labelTargets.Add(local[l++]);
            }
            else
            {
                labelTargets.Add(remote[r++]);
            }
        }

        var policyTargets = localNamespaces.Where(n => model.AllowFrontendPolicyIndex(n) >= 0).Order()
            .Select(n => new MutationTarget(ResourceKinds.NetworkPolicy.StoreKind, ClusterModel.NamespaceName(n), ((Resource)model.Policy(model.AllowFrontendPolicyIndex(n))).Name, true))
            .ToList();
        Shuffle(random, policyTargets);
        return new MutationPlan(shape.NodeName, interfaces, labelTargets, policyTargets.Take(MaxTargets).ToList());
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("node", Node);
        json.WriteStartArray("interfaces");
        foreach (var i in Interfaces)
        {
            json.WriteStartObject();
            json.WriteString("name", i.Name);
            json.WriteString("address", i.Address);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteTargets(json, "label_targets", LabelTargets);
        WriteTargets(json, "policy_targets", PolicyTargets);
        json.WriteEndObject();
    }

    public static MutationPlan Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return new MutationPlan(
            root.GetProperty("node").GetString()!,
            root.GetProperty("interfaces").EnumerateArray().Select(i => new LocalInterface(i.GetProperty("name").GetString()!, i.GetProperty("address").GetString()!)).ToList(),
            ReadTargets(root.GetProperty("label_targets")),
            ReadTargets(root.GetProperty("policy_targets")));
    }

    private static void WriteTargets(Utf8JsonWriter json, string name, IReadOnlyList<MutationTarget> targets)
    {
        json.WriteStartArray(name);
        foreach (var t in targets)
        {
            json.WriteStartObject();
            json.WriteString("kind", t.StoreKind);
            json.WriteString("namespace", t.Namespace);
            json.WriteString("name", t.Name);
            json.WriteBoolean("local", t.Local);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static List<MutationTarget> ReadTargets(JsonElement array) =>
        array.EnumerateArray().Select(t => new MutationTarget(t.GetProperty("kind").GetString()!, t.GetProperty("namespace").GetString()!, t.GetProperty("name").GetString()!, t.GetProperty("local").GetBoolean())).ToList();

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
