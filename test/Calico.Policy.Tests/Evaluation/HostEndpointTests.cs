using System.Net;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Evaluation;

public class HostEndpointTests
{
    private const string Host = """
        apiVersion: projectcalico.org/v3
        kind: HostEndpoint
        metadata:
          name: node-9-eth0
          labels:
            host: node-9
        spec:
          node: node-9
          interfaceName: eth0
          expectedIPs: [192.168.9.1]
        """;

    private const string DenyAllHosts = """
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata:
          name: deny-hosts
        spec:
          selector: has(host)
          types: [Ingress, Egress]
        """;

    private static readonly IPAddress Outside = IPAddress.Parse("198.51.100.10");

    [Fact]
    public void Evaluate_DenyAllPolicy_FailsafeSshStillAllowedInbound()
    {
        var model = Model(Host, DenyAllHosts);
        var host = model.Snapshot.Host("node-9-eth0");

        var ssh = model.Evaluate(Flow.Tcp(Outside, host, 22));
        var web = model.Evaluate(Flow.Tcp(Outside, host, 80));

        Assert.True(ssh.Allowed);
        Assert.Equal("failsafe inbound port tcp:22: Allow", Assert.Single(ssh.Ingress!.Steps).Text);
        Assert.Equal(TraceStepKind.Failsafe, ssh.Ingress.Decision.Kind);
        Assert.False(web.Allowed);
        Assert.Equal("end of tier default: default Deny", web.Ingress!.Decision.Text);
    }

    [Fact]
    public void Evaluate_DenyAllPolicy_FailsafeDnsAllowedOutboundOnly()
    {
        var model = Model(Host, DenyAllHosts);
        var host = model.Snapshot.Host("node-9-eth0");

        Assert.True(model.Evaluate(Flow.Udp(host, Outside, 53)).Allowed);
        Assert.False(model.Evaluate(Flow.Tcp(host, Outside, 22)).Allowed);
        Assert.False(model.Evaluate(Flow.Udp(Outside, host, 53)).Allowed);
    }

    [Fact]
    public void ReachabilityMatrix_HostWithDenyAll_OnlyFailsafePorts()
    {
        var model = Model(Host, DenyAllHosts);
        var endpoints = new[] { model.Snapshot.Workload("x", "a"), model.Snapshot.Host("node-9-eth0") };
        IReadOnlyList<Probe> probes = [Probe.Tcp(22), Probe.Tcp(80), Probe.Tcp(179)];

        var actual = ReachabilityMatrix.Compute(model.Evaluator, endpoints, probes);

        // x/a -> host: tcp/22 and tcp/179 are failsafe inbound; host -> x/a: tcp/179 is failsafe outbound.
        var expected = ReachabilityMatrix.Parse(["x/a", "host:node-9-eth0"], probes, """
            x/a              ... .X.
            host:node-9-eth0 XX. ...
            """);
        Assert.Empty(expected.DifferencesFrom(actual));
    }

    [Fact]
    public void Evaluate_FelixConfigurationWithoutFailsafes_SshDenied()
    {
        var model = Model(Host, DenyAllHosts, """
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata:
              name: default
            spec:
              failsafeInboundHostPorts: []
            """);

        Assert.False(model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), 22)).Allowed);
    }

    [Fact]
    public void Evaluate_FailsafeWithNet_OnlyFromThatNet()
    {
        var model = Model(Host, DenyAllHosts, """
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata:
              name: node.node-9
            spec:
              failsafeInboundHostPorts:
              - protocol: TCP
                port: 22
                net: 198.51.100.0/24
            """);
        var host = model.Snapshot.Host("node-9-eth0");

        Assert.True(model.Evaluate(Flow.Tcp(Outside, host, 22)).Allowed);
        Assert.False(model.Evaluate(Flow.Tcp(IPAddress.Parse("203.0.113.1"), host, 22)).Allowed);
    }

    [Fact]
    public void Evaluate_HostWithoutPolicyOrProfile_Drops()
    {
        var model = Model(Host);

        var verdict = model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), 80));

        Assert.False(verdict.Allowed);
        Assert.Equal("no policy applied: no profile matched: drop", verdict.Ingress!.Decision.Text);
    }

    [Fact]
    public void Evaluate_HostWithAllowProfile_Allows()
    {
        var model = Model(Host.Replace("expectedIPs: [192.168.9.1]", "expectedIPs: [192.168.9.1]\n  profiles: [allow-all]", StringComparison.Ordinal), """
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: allow-all
            spec:
              ingress:
              - action: Allow
              egress:
              - action: Allow
            """);

        var verdict = model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), 80));

        Assert.True(verdict.Allowed);
        Assert.Equal("no policy applied: profile allow-all rule 0 Allow", verdict.Ingress!.Decision.Text);
    }

    [Theory]
    [InlineData("Allow", 80, true)]
    [InlineData("Deny", 22, true)]
    [InlineData("Deny", 80, false)]
    public void Evaluate_PreDnatPolicy_DecidesBeforeNormalPolicy(string action, int port, bool allowed)
    {
        var model = Model(Host, DenyAllHosts, $"""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: pre-dnat
            spec:
              selector: has(host)
              preDNAT: true
              applyOnForward: true
              ingress:
              - action: {action}
                protocol: TCP
            """);

        var verdict = model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), port));

        Assert.Equal(allowed, verdict.Allowed);
    }

    [Fact]
    public void Evaluate_PreDnatPolicyThatDecidesNothing_ContinuesToNormalPolicy()
    {
        var model = Model(Host, """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: pre-dnat
            spec:
              selector: has(host)
              preDNAT: true
              applyOnForward: true
              ingress:
              - action: Deny
                protocol: UDP
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: allow-web
            spec:
              selector: has(host)
              ingress:
              - action: Allow
                protocol: TCP
                destination:
                  ports: [80]
            """);

        var verdict = model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), 80));

        Assert.True(verdict.Allowed);
        Assert.Equal(
            [
                "pre-DNAT policies:",
                "tier default (order 1000000, default Pass)",
                "policy pre-dnat (no order): no rule matched",
                "end of tier default: default Pass",
                "no pre-DNAT policy decided: on to the normal policies",
                "tier default (order 1000000, default Deny)",
                "policy allow-web (no order): rule 0 Allow",
            ],
            verdict.Ingress!.Steps.Select(s => s.Text));
    }

    [Fact]
    public void Evaluate_PreDnatPolicy_DoesNotApplyToEgress()
    {
        var model = Model(Host, """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: pre-dnat
            spec:
              selector: has(host)
              preDNAT: true
              applyOnForward: true
              types: [Ingress]
              ingress:
              - action: Deny
            """);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Host("node-9-eth0"), Outside, 80));

        Assert.False(verdict.Allowed);
        Assert.Equal("no policy applied: no profile matched: drop", verdict.Egress!.Decision.Text);
    }

    [Theory]
    [InlineData("eth0", "Allow", true)]
    [InlineData("eth0", "Deny", false)]
    [InlineData("*", "Allow", false)]
    public void Evaluate_DoNotTrackPolicy_DecidesFirstExceptOnAllInterfacesHosts(string interfaceName, string action, bool allowed)
    {
        var model = Model(Host.Replace("interfaceName: eth0", $"interfaceName: \"{interfaceName}\"", StringComparison.Ordinal), DenyAllHosts, $"""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: untracked
            spec:
              selector: has(host)
              doNotTrack: true
              applyOnForward: true
              ingress:
              - action: {action}
            """);

        var verdict = model.Evaluate(Flow.Tcp(Outside, model.Snapshot.Host("node-9-eth0"), 80));

        Assert.Equal(allowed, verdict.Allowed);
    }

    [Fact]
    public void Evaluate_HostToWorkloadOnTheSameNode_IsNotPoliced()
    {
        var model = Model(Host.Replace("node: node-9", "node: node-x", StringComparison.Ordinal), DenyAllHosts, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny-all
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """);

        var local = model.Evaluate(Flow.Tcp(model.Snapshot.Host("node-9-eth0"), model.Snapshot.Workload("x", "a"), 80));
        var remote = model.Evaluate(Flow.Tcp(model.Snapshot.Host("node-9-eth0"), model.Snapshot.Workload("y", "a"), 80));

        Assert.True(local.Allowed);
        Assert.Equal(TraceStepKind.NotPoliced, Assert.Single(local.Notes).Kind);
        Assert.False(remote.Allowed);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Drop", false)]
    [InlineData("Accept", true)]
    [InlineData("Return", true)]
    public void Evaluate_WorkloadToItsOwnHost_DefaultEndpointToHostAction(string? action, bool allowed)
    {
        var configuration = action is null ? string.Empty : $"""
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata:
              name: default
            spec:
              defaultEndpointToHostAction: {action}
            """;
        var model = Model(Host.Replace("node: node-9", "node: node-x", StringComparison.Ordinal), configuration);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "a"), model.Snapshot.Host("node-9-eth0"), 80));

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(TraceStepKind.EndpointToHost, Assert.Single(verdict.Notes).Kind);
        Assert.NotNull(verdict.Egress);
        Assert.Null(verdict.Ingress);
    }

    private static PolicyModel Model(params string[] yaml) =>
        KubeModel.Model(string.Join("\n---\n", yaml.Where(y => y.Length > 0)));
}
