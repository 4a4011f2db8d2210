using Calico.Datastore;
using Calico.Ipam;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.Doctor;

/// <summary>
/// Issue 7 acceptance: every failure and gotcha the seed names, injected into a real VXLAN lab, is found and named by
/// calicoctl doctor; doctor is silent on the healthy lab. Each test injects one fault by a real cause where there is
/// one, asserts the finding's title names the problem and its evidence names the object, then undoes the fault.
/// </summary>
[Collection(DoctorLabCollection.Name)]
public sealed class DoctorFaultTests(DoctorLabFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private DoctorLab Doctor => fixture.Doctor;

    [PrivilegedFact]
    public void Doctor_HealthyLab_PrintsNothingAndExits0()
    {
        var (exit, stdout, stderr) = fixture.HealthyRun;
        Assert.True(exit == 0 && stdout.Length == 0, $"doctor on the healthy lab exited {exit}:\n{stdout}{stderr}");
        Assert.Equal(string.Empty, stderr);
    }

    [PrivilegedFact]
    public async Task Doctor_CalicoNodeStopped_NamesTheNode()
    {
        var finding = await WithFaultAsync(
            "calico-node is not live and ready on node node2",
            () => Doctor.Lab.LabOkAsync("node", "stop", "node2"),
            async () =>
            {
                await Doctor.Lab.LabOkAsync("node", "start", "node2");
                await Doctor.WaitUntilGoneAsync("calico-node is not live and ready", TimeSpan.FromSeconds(60));
            });

        Assert.Contains(finding.Evidence, e => e.StartsWith("node2: nothing answers on 127.0.0.1:9099", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_FelixLogsPolicyInMissingTier_ReportsTheLogLineOnTheNode()
    {
        // calicoctl refuses a policy in a tier that does not exist; another writer can still store one, and Felix logs it.
        var finding = await WithStoredAsync(
            new ResourceKey("NetworkPolicy", "app", "missing.doctor-test"),
            """{"apiVersion":"projectcalico.org/v3","kind":"NetworkPolicy","metadata":{"name":"missing.doctor-test","namespace":"app"},"spec":{"tier":"missing","selector":"all()","types":["Ingress"],"ingress":[{"action":"Allow"}]}}""",
            "in the recent log of node node1",
            evidence: "missing.doctor-test");

        Assert.Contains("Felix", finding.Title, StringComparison.Ordinal);
        Assert.Contains(finding.Evidence, e => e.StartsWith("node1: ", StringComparison.Ordinal) && e.Contains("felix.calc", StringComparison.Ordinal) && e.Contains("missing.doctor-test", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_PoolOverlapsNodeSubnet_NamesPoolAndNode()
    {
        // calicoctl refuses an overlapping pool now; written straight into the datastore (disabled, so IPAM leaves it alone).
        var finding = await WithStoredAsync(
            new ResourceKey("IPPool", null, "overlaps-underlay"),
            """{"apiVersion":"projectcalico.org/v3","kind":"IPPool","metadata":{"name":"overlaps-underlay"},"spec":{"cidr":"198.18.0.0/16","vxlanMode":"Never","ipipMode":"Never","disabled":true}}""",
            "IP pool overlaps-underlay (198.18.0.0/16) overlaps node or underlay addresses");

        Assert.Contains(finding.Evidence, e => e.Contains("node node1's address 198.18.0.11", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Contains("node node2's route 198.18.0.0/24", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_WorkloadEndpointDeleted_NamesThePod()
    {
        StoredResource endpoint;
        await using (var store = await Doctor.OpenDatastoreAsync())
        {
            endpoint = (await store.ListAsync("WorkloadEndpoint", "app")).Items.Single(w => w.Value.Contains("\"pod\":\"frontend\"", StringComparison.Ordinal));
        }

        var finding = await WithFaultAsync("pod app/frontend has no WorkloadEndpoint", () => DeleteAsync(endpoint.Key), () => WriteAsync(endpoint.Key, endpoint.Value));

        Assert.Contains(finding.Evidence, e => e.Contains("pod app/frontend on node node1", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_GlobalPolicyDeniesNamespaceWithCleanPolicies_NamesPolicyAndNamespace()
    {
        var finding = await WithAppliedAsync(
            ["globalnetworkpolicy", "deny-app-ingress"],
            "GlobalNetworkPolicy deny-app-ingress denies traffic of pods in namespace app",
            """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deny-app-ingress}
            spec:
              namespaceSelector: projectcalico.org/name == 'app'
              selector: app == 'web-api'
              types: [Ingress]
              ingress: [{action: Deny, protocol: TCP, destination: {ports: [8080]}}]
            """);

        Assert.Contains(finding.Evidence, e => e.Contains("app/web-api", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Contains("app/allow-frontend-to-api", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_KubernetesSyntaxSelectorStored_NamesPolicyAndCalicoEquivalent()
    {
        var finding = await WithStoredAsync(
            new ResourceKey("NetworkPolicy", "app", "kubernetes-style"),
            """{"apiVersion":"projectcalico.org/v3","kind":"NetworkPolicy","metadata":{"name":"kubernetes-style","namespace":"app"},"spec":{"tier":"default","selector":"app=frontend","types":["Ingress"],"ingress":[{"action":"Allow"}]}}""",
            "NetworkPolicy app/kubernetes-style uses Kubernetes label syntax in spec.selector");

        Assert.Contains(finding.Evidence, e => e.Contains("\"app=frontend\"", StringComparison.Ordinal));
        Assert.Contains("in Calico syntax: app == 'frontend'", finding.Evidence);
    }

    [PrivilegedFact]
    public async Task Doctor_SelectorSelectsNothing_NamesPolicy()
    {
        var finding = await WithAppliedAsync(
            ["networkpolicy", "allow-to-nobody", "-n", "app"],
            "NetworkPolicy app/allow-to-nobody has selectors that select nothing",
            """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: allow-to-nobody, namespace: app}
            spec:
              selector: app == 'web-api'
              ingress: [{action: Allow, source: {selector: app == 'frontnd'}}]
            """);

        Assert.Contains(finding.Evidence, e => e.Contains("ingress rule 1 source selector", StringComparison.Ordinal) && e.Contains("frontnd", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_LeakedIpamAllocation_NamesAddressAndHandle()
    {
        await using var store = await Doctor.OpenDatastoreAsync();
        var ipam = IpamClientFactory.Create(store);
        AssignedAddress? leaked = null;
        var finding = await WithFaultAsync(
            "leaked IPAM allocation",
            async () => leaked = (await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "doctor-leak", Node = "node1", Num4 = 1 })).IPv4.Single(),
            async () => await ipam.ReleaseByHandleAsync("doctor-leak"));

        Assert.Contains(finding.Evidence, e => e.Contains($"{leaked!.Address} allocated to handle doctor-leak", StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task Doctor_PodMtuAboveOverlayLimit_NamesPodAndNode()
    {
        var podNamespace = Doctor.Lab.Pod("app", "frontend").NetworkNamespace;
        var finding = await WithFaultAsync(
            "MTU mismatch on the VXLAN overlay on node node1",
            () => Task.Run(() => ProcessRunner.Run("ip", "-n", podNamespace, "link", "set", "eth0", "mtu", "1500")),
            () => Task.Run(() => ProcessRunner.Run("ip", "-n", podNamespace, "link", "set", "eth0", "mtu", "1450")));

        Assert.Contains(finding.Evidence, e => e.StartsWith("pod app/frontend on node node1: eth0 MTU 1500 >", StringComparison.Ordinal));
    }

    /// <summary>Injects a fault, waits for doctor's finding whose title contains <paramref name="title"/>, and undoes the fault (also on failure).</summary>
    private async Task<(string Title, IReadOnlyList<string> Evidence, string Text)> WithFaultAsync(string title, Func<Task> inject, Func<Task> undo, string? evidence = null)
    {
        await inject();
        try
        {
            var finding = await Doctor.WaitForFindingAsync(title, Deadline, evidence);
            output.WriteLine(finding.Text);
            return finding;
        }
        finally
        {
            await undo();
        }
    }

    /// <summary>Stores <paramref name="value"/> straight into the datastore for the duration of the check.</summary>
    private Task<(string Title, IReadOnlyList<string> Evidence, string Text)> WithStoredAsync(ResourceKey key, string value, string title, string? evidence = null) =>
        WithFaultAsync(title, () => WriteAsync(key, value), () => DeleteAsync(key), evidence);

    /// <summary>calicoctl apply of <paramref name="yaml"/> for the duration of the check, then calicoctl delete <paramref name="delete"/>.</summary>
    private Task<(string Title, IReadOnlyList<string> Evidence, string Text)> WithAppliedAsync(string[] delete, string title, string yaml) =>
        WithFaultAsync(
            title,
            async () =>
            {
                var file = Path.Combine(Doctor.Lab.StateDirectory, $"{delete[1]}.yaml");
                await File.WriteAllTextAsync(file, yaml);
                var (exit, stdout, stderr) = await Doctor.Lab.CtlAsync("apply", "-f", file);
                Assert.True(exit == 0, stderr + stdout);
            },
            () => Doctor.Lab.CtlAsync(["delete", .. delete]));

    private async Task WriteAsync(ResourceKey key, string value)
    {
        await using var store = await Doctor.OpenDatastoreAsync();
        await store.CreateAsync(key, value);
    }

    private async Task DeleteAsync(ResourceKey key)
    {
        await using var store = await Doctor.OpenDatastoreAsync();
        await store.DeleteAsync(key);
    }
}
