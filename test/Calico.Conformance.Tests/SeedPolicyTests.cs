using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Policy.Reachability;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests;

/// <summary>
/// The seed's policy allow-frontend-to-api (../shared/seed/calico-network-policy.yaml), applied verbatim: frontend →
/// web-api on TCP 8080 allowed; every other pod → web-api denied (also a pod labelled frontend in another namespace,
/// since the policy is namespaced); web-api's other ports denied; nothing else changes.
/// </summary>
[Collection(KubeModelLabCollection.Name)]
public sealed class SeedPolicyTests(ConformanceLab lab, ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Pods = ["app/frontend", "app/web-api", "app/other", "shop/frontend"];

    private static readonly IReadOnlyList<Probe> Probes = [Probe.Tcp(8080), Probe.Tcp(80), Probe.Tcp(9090), Probe.Udp(8080)];

    [PrivilegedFact]
    public async Task AllowFrontendToApi_OnlyFrontendReachesWebApi_OnlyOnTcp8080()
    {
        var policyFile = Path.Combine(RepositoryPaths.Seed, "calico-network-policy.yaml");
        var applied = false;
        try
        {
            await lab.AddPodAsync("app/frontend", "app=frontend", string.Empty, "default", Probes);
            await lab.AddPodAsync("app/web-api", "app=web-api", "http=8080/TCP", "default", Probes);
            await lab.AddPodAsync("app/other", "app=other", string.Empty, "default", Probes);
            await lab.AddPodAsync("shop/frontend", "app=frontend", string.Empty, "default", Probes);
            var targets = Pods.Select(lab.Pod).ToList();

            applied = true;
            var revision = await lab.ApplyAsync(await File.ReadAllTextAsync(policyFile));
            await lab.WaitProgrammedAsync(revision, "after applying the seed's allow-frontend-to-api");

            var model = await lab.ModelAsync();
            var expected = ExpectedMatrices.ForPods(model, Pods, Probes);
            Assert.True(expected.IsAllowed("app/frontend", "app/web-api", Probe.Tcp(8080)));
            foreach (var from in Pods.Where(p => p != "app/web-api"))
            {
                foreach (var probe in Probes)
                {
                    Assert.Equal(from == "app/frontend" && probe == Probe.Tcp(8080), expected.IsAllowed(from, "app/web-api", probe));
                    Assert.True(expected.IsAllowed("app/web-api", from, probe), $"web-api -> {from} {probe} should stay open");
                }
            }

            var observed = await lab.ProbeAsync(targets, Probes, expected);
            Assert.Null(ConformanceLab.Compare("seed policy allow-frontend-to-api", expected, observed, model, output));
            output.WriteLine(observed.Matrix.ToString());
        }
        finally
        {
            if (applied)
            {
                await lab.DeleteAsync(await File.ReadAllTextAsync(policyFile));
            }

            foreach (var pod in Pods.Where(p => lab.PodAddresses.ContainsKey(p)))
            {
                await lab.DeletePodAsync(pod);
            }

            await lab.DeleteAsync("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: app
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: default
                  namespace: app
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: default
                  namespace: shop
                """);
        }
    }
}
