using Calico.Api;
using Calico.Api.Serialization;
using Calico.Felix.Calc.Tests.Support;

namespace Calico.Felix.Calc.Tests.Graph;

/// <summary>
/// Paths no sequence spells out: from a fixed seed, random updates (any version of any resource the states use)
/// and deletes, flushed at random points; after every flush the dataplane must match the model and the contract
/// must have held. A failure names the seed and the step, so it replays exactly.
/// </summary>
public class CalculationGraphRandomWalkTests
{
    private const int Steps = 150;

    /// <summary>Every distinct version of every resource in the state sequences, and a few more.</summary>
    private static readonly IReadOnlyList<Resource> Versions = StateSequences.All
        .SelectMany(s => s.States)
        .SelectMany(s => s.Resources)
        .Concat(MoreVersions())
        .DistinctBy(ResourceCodec.EncodeJson)
        .ToList();

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Flush_RandomUpdatesDeletesAndFlushes_DataplaneMatchesModelAfterEveryFlush(int seed)
    {
        var random = new Random(seed);
        var harness = new GraphHarness();
        harness.Graph.OnInSync();
        var history = new List<string>();
        for (var step = 0; step < Steps; step++)
        {
            ResourceChange change;
            if (harness.Current.Count > 0 && random.NextDouble() < 0.3)
            {
                change = ResourceChange.Delete(ResourceKey.Of(harness.Current[random.Next(harness.Current.Count)]));
            }
            else
            {
                change = ResourceChange.Update(ResourceCodec.Clone(Versions[random.Next(Versions.Count)]));
            }

            harness.Apply(change);
            history.Add(change.ToString());
            if (random.NextDouble() < 0.3 || step == Steps - 1)
            {
                FlushAndCheck(harness, seed, step, history);
            }
        }

        harness.MoveTo(ClusterState.Empty);
        FlushAndCheck(harness, seed, Steps, history);
        Assert.True(harness.Dataplane.View().IsEmpty, $"seed {seed}: left behind after everything was deleted:{Environment.NewLine}{harness.Dataplane.View()}");
        Assert.Equal(1, harness.Dataplane.InSyncCount);
    }

    /// <summary>
    /// Changes the sequences do not make: a selector changed with the ordering kept, a policy moved between tiers,
    /// tiers of equal order, labels inherited from a profile (and profiles listed twice or in another order), own
    /// labels a pod may not set, two endpoints with one address, one port name on two protocols.
    /// </summary>
    private static IEnumerable<Resource> MoreVersions()
    {
        var webEgress = (Api.Resources.GlobalNetworkPolicy)States.GlobalPolicies[1];
        yield return Fixtures.Changed(webEgress, p => p.Spec.Selector = "app == 'db' || has(shared)");
        var tiers = States.Tiers();
        yield return Fixtures.Changed((Api.Resources.GlobalNetworkPolicy)tiers[4], p => p.Spec.Tier = "platform");
        yield return Fixtures.Changed((Api.Resources.Tier)tiers[0], t => t.Spec.Order = 50);
        yield return Fixtures.Changed(States.ZA, p =>
        {
            p.Metadata.Labels = Fixtures.ParseLabels("pcns.team=fake");
            p.Spec.Profiles = ["shared", "kns.z", "shared", "hep-profile"];
        });
        yield return Fixtures.Changed(States.XA, p => p.Spec.Profiles = ["shared", "ksa.x.web", "kns.x"]);
        yield return Fixtures.Changed(States.XC, p => p.Spec.IpNetworks = ["10.1.0.1/32"]);
        yield return Fixtures.Changed(States.YA, p => p.Spec.Ports = [
            new Api.Values.EndpointPort { Name = "dns", Protocol = Api.Values.Protocol.Tcp, Port = 53 },
            new Api.Values.EndpointPort { Name = "dns", Protocol = Api.Values.Protocol.Udp, Port = 5353 },
            new Api.Values.EndpointPort { Name = "db", Protocol = Api.Values.Protocol.Tcp, Port = 5432 },
        ]);
        yield return Fixtures.Changed((Api.Resources.Profile)States.Profiles()[0], p => p.Spec.LabelsToApply = new(StringComparer.Ordinal) { ["app"] = "web", ["host"] = "yes" });
        yield return Fixtures.Changed((Api.Resources.HostEndpoint)States.Hosts()[0], h => h.Spec.Profiles = ["shared", "hep-profile"]);
    }

    private static void FlushAndCheck(GraphHarness harness, int seed, int step, List<string> history)
    {
        var context = $"seed {seed}, step {step}, after:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", history)}{Environment.NewLine}";
        history.Add("-- flush");
        try
        {
            harness.Flush();
        }
        catch (DataplaneContractException e)
        {
            Assert.Fail($"{context}{e.Message}");
        }

        harness.AssertDataplaneMatchesModel(context);
        Assert.True(harness.Flush().Count == 0, $"{context}a flush with nothing changed sent {string.Join(", ", harness.LastFlush)}");
    }
}
