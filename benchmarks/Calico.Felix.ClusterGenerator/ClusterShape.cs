using System.Globalization;

namespace Calico.Felix.ClusterGenerator;

/// <summary>
/// The size of the synthetic cluster and the seed that makes it reproducible: the same shape and seed always give the
/// same resources, so <c>mutate</c> can be run against a store written earlier.
/// </summary>
internal sealed record ClusterShape(int Endpoints, int Local, int Policies, int Namespaces, int Nodes, string NodeName, int Seed)
{
    /// <summary>Distinct <c>app</c> label values in each namespace (app-0 … app-9).</summary>
    public const int AppsPerNamespace = 10;

    /// <summary>Distinct <c>team</c> label values over all namespaces.</summary>
    public const int Teams = 50;

    /// <summary>Namespaces per <c>tenant</c> label value.</summary>
    public const int NamespacesPerTenant = 100;

    /// <summary>Every this-many namespaces holds a NetworkSet.</summary>
    public const int NamespacesPerNetworkSet = 20;

    public const int GlobalNetworkSets = 10;

    public static IReadOnlyList<string> Tiers { get; } = ["frontend", "backend", "db"];

    public static IReadOnlyList<string> Environments { get; } = ["prod", "staging", "dev"];

    /// <summary>One policy in a hundred is a GlobalNetworkPolicy (at least one when there are policies at all).</summary>
    public int GlobalPolicies => Policies >= 100 ? Policies / 100 : Math.Min(Policies, 1);

    public int NamespacedPolicies => Policies - GlobalPolicies;

    public int Tenants => (Namespaces + NamespacesPerTenant - 1) / NamespacesPerTenant;

    public static ClusterShape Parse(IReadOnlyList<string> args)
    {
        var shape = new ClusterShape(Endpoints: 100_000, Local: 200, Policies: 10_000, Namespaces: 2_000, Nodes: 500, NodeName: "bench-node", Seed: 1);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            shape = args[i] switch
            {
                "--endpoints" => shape with { Endpoints = NextInt() },
                "--local" => shape with { Local = NextInt() },
                "--policies" => shape with { Policies = NextInt() },
                "--namespaces" => shape with { Namespaces = NextInt() },
                "--nodes" => shape with { Nodes = NextInt() },
                "--node" => shape with { NodeName = Next() },
                "--seed" => shape with { Seed = NextInt() },
                "--db" or "--plan" => Skip(shape, Next()),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        shape.ThrowIfInvalid();
        return shape;
    }

    private static ClusterShape Skip(ClusterShape shape, string _) => shape;

    private void ThrowIfInvalid()
    {
        if (Namespaces < 1 || Endpoints < 1 || Nodes < 1)
        {
            throw new ArgumentException("--namespaces, --endpoints and --nodes must be at least 1");
        }

        if (Local < 0 || Local > Endpoints)
        {
            throw new ArgumentException("--local must be between 0 and --endpoints");
        }

        if (Local < Endpoints && Nodes < 2)
        {
            throw new ArgumentException("remote endpoints need --nodes 2 or more");
        }

        if (Endpoints > 4_000_000)
        {
            throw new ArgumentException("--endpoints above 4,000,000 do not fit the 10.64.0.0/10 pool");
        }

        if (Namespaces > 30_000)
        {
            throw new ArgumentException("--namespaces above 30,000 do not fit the network sets' 172.16.0.0/12");
        }
    }
}
