using System.Net;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Evaluation;

/// <summary>
/// Rule matching, one criterion at a time: a tier "test" (order 1, default Deny) holds a policy selecting
/// x/a with the given ingress rules, so a flow to x/a is allowed exactly when a rule allows it.
/// </summary>
public class RuleMatchingTests
{
    private const string GlobalSet = """
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkSet
        metadata:
          name: partners
          labels:
            partner: "true"
        spec:
          nets: [203.0.113.0/24]
        """;

    public static TheoryData<string, string, string, string, int, bool> Cases => new()
    {
        // name, rule, source, protocol, port or ICMP type, allowed
        { "no criteria matches anything", "- action: Allow", "x/b", "udp", 81, true },
        { "a rule without an action allows", "- source: {}", "x/b", "tcp", 80, true },
        { "protocol TCP matches TCP", "- action: Allow\n  protocol: TCP", "x/b", "tcp", 80, true },
        { "protocol TCP does not match UDP", "- action: Allow\n  protocol: TCP", "x/b", "udp", 80, false },
        { "protocol by number", "- action: Allow\n  protocol: 17", "x/b", "udp", 80, true },
        { "notProtocol excludes", "- action: Allow\n  notProtocol: UDP", "x/b", "udp", 80, false },
        { "notProtocol lets others through", "- action: Allow\n  notProtocol: UDP", "x/b", "tcp", 80, true },
        { "icmp type matches", "- action: Allow\n  protocol: ICMP\n  icmp:\n    type: 8", "x/b", "icmp", 8, true },
        { "icmp type differs", "- action: Allow\n  protocol: ICMP\n  icmp:\n    type: 0", "x/b", "icmp", 8, false },
        { "icmp type and code match", "- action: Allow\n  protocol: ICMP\n  icmp:\n    type: 8\n    code: 0", "x/b", "icmp", 8, true },
        { "icmp code differs", "- action: Allow\n  protocol: ICMP\n  icmp:\n    type: 8\n    code: 1", "x/b", "icmp", 8, false },
        { "notICMP excludes the type", "- action: Allow\n  protocol: ICMP\n  notICMP:\n    type: 8", "x/b", "icmp", 8, false },
        { "notICMP lets other types through", "- action: Allow\n  protocol: ICMP\n  notICMP:\n    type: 8", "x/b", "icmp", 3, true },
        { "ipVersion 6 rule does not match IPv4", "- action: Allow\n  ipVersion: 6", "x/b", "tcp", 80, false },
        { "ipVersion 4 rule matches IPv4", "- action: Allow\n  ipVersion: 4", "x/b", "tcp", 80, true },
        { "source nets contain the source", "- action: Allow\n  source:\n    nets: [10.0.1.0/24]", "x/b", "tcp", 80, true },
        { "source nets miss the source", "- action: Allow\n  source:\n    nets: [10.0.2.0/24]", "x/b", "tcp", 80, false },
        { "only IPv6 nets: not rendered for IPv4", "- action: Allow\n  source:\n    nets: [\"fd00::/8\"]", "x/b", "tcp", 80, false },
        { "mixed nets keep the IPv4 ones", "- action: Allow\n  source:\n    nets: [\"fd00::/8\", 10.0.0.0/8]", "x/b", "tcp", 80, true },
        { "source notNets exclude", "- action: Allow\n  source:\n    notNets: [10.0.1.2/32]", "x/b", "tcp", 80, false },
        { "notNets of another version drop the rule", "- action: Allow\n  source:\n    notNets: [\"fd00::/8\"]", "x/b", "tcp", 80, false },
        { "notNets catch-all drops the rule", "- action: Allow\n  source:\n    notNets: [0.0.0.0/0]", "203.0.113.5", "tcp", 80, false },
        { "destination nets contain the destination", "- action: Allow\n  destination:\n    nets: [10.0.1.1/32]", "x/b", "tcp", 80, true },
        { "destination notNets exclude the destination", "- action: Allow\n  destination:\n    notNets: [10.0.1.0/24]", "x/b", "tcp", 80, false },
        { "selector on the peer's labels", "- action: Allow\n  source:\n    selector: pod == 'b'", "x/b", "tcp", 80, true },
        { "selector on inherited namespace labels", "- action: Allow\n  source:\n    selector: pcns.ns == 'x'", "x/b", "tcp", 80, true },
        { "selector not matching", "- action: Allow\n  source:\n    selector: pod == 'c'", "x/b", "tcp", 80, false },
        { "notSelector excludes", "- action: Allow\n  source:\n    notSelector: pod == 'b'", "x/b", "tcp", 80, false },
        { "notSelector with no owner lets a bare address through", "- action: Allow\n  source:\n    notSelector: pod == 'b'", "198.51.100.1", "tcp", 80, true },
        { "selector does not match an unknown address", "- action: Allow\n  source:\n    selector: all()", "198.51.100.1", "tcp", 80, false },
        { "selector matches an address through a global network set", "- action: Allow\n  source:\n    selector: partner == 'true'", "203.0.113.5", "tcp", 80, true },
        { "notSelector excludes an address in a matching network set", "- action: Allow\n  source:\n    notSelector: partner == 'true'", "203.0.113.5", "tcp", 80, false },
        { "namespaceSelector global() matches global network sets", "- action: Allow\n  source:\n    namespaceSelector: global()", "203.0.113.5", "tcp", 80, true },
        { "namespaceSelector global() does not match pods", "- action: Allow\n  source:\n    namespaceSelector: global()", "x/b", "tcp", 80, false },
        { "destination port", "- action: Allow\n  protocol: TCP\n  destination:\n    ports: [80]", "x/b", "tcp", 80, true },
        { "destination port range", "- action: Allow\n  protocol: TCP\n  destination:\n    ports: [\"79:81\"]", "x/b", "tcp", 81, true },
        { "destination port outside", "- action: Allow\n  protocol: TCP\n  destination:\n    ports: [\"82:90\"]", "x/b", "tcp", 81, false },
        { "destination notPorts", "- action: Allow\n  protocol: TCP\n  destination:\n    notPorts: [80]", "x/b", "tcp", 80, false },
        { "ports never match a packet without ports", "- action: Allow\n  destination:\n    ports: [serve-80-tcp]", "x/b", "icmp", 8, false },
        { "named port without protocol is TCP", "- action: Allow\n  destination:\n    ports: [serve-80-tcp]", "x/b", "tcp", 80, true },
        { "named TCP port does not match UDP", "- action: Allow\n  destination:\n    ports: [serve-80-tcp]", "x/b", "udp", 80, false },
        { "named UDP port needs protocol UDP in the rule", "- action: Allow\n  destination:\n    ports: [serve-80-udp]", "x/b", "udp", 80, false },
        { "named UDP port with protocol UDP", "- action: Allow\n  protocol: UDP\n  destination:\n    ports: [serve-80-udp]", "x/b", "udp", 80, true },
        { "named port resolves to the destination's number", "- action: Allow\n  destination:\n    ports: [serve-81-tcp]", "x/b", "tcp", 80, false },
        { "named port filtered by the destination selector", "- action: Allow\n  destination:\n    selector: pod == 'b'\n    ports: [serve-80-tcp]", "x/b", "tcp", 80, false },
        { "named port and selector both on the destination", "- action: Allow\n  destination:\n    selector: pod == 'a'\n    ports: [serve-80-tcp]", "x/b", "tcp", 80, true },
        { "named notPorts exclude", "- action: Allow\n  destination:\n    notPorts: [serve-80-tcp]", "x/b", "tcp", 80, false },
        { "source ports need a known source port", "- action: Allow\n  protocol: TCP\n  source:\n    ports: [\"1024:65535\"]", "x/b", "tcp", 80, false },
        { "source notPorts do not exclude an unknown source port", "- action: Allow\n  protocol: TCP\n  source:\n    notPorts: [\"1024:65535\"]", "x/b", "tcp", 80, true },
        { "services matches are not modelled and never match", "- action: Allow\n  source:\n    services:\n      name: web\n      namespace: x", "x/b", "tcp", 80, false },
        { "http match is not enforced by Felix", "- action: Allow\n  http:\n    methods: [GET]", "x/b", "tcp", 80, true },
        { "first matching rule wins", "- action: Deny\n  protocol: TCP\n- action: Allow", "x/b", "tcp", 80, false },
        { "a non-matching deny falls through", "- action: Deny\n  protocol: UDP\n- action: Allow", "x/b", "tcp", 80, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_IngressRule_MatchesAsFelixRendersIt(string scenario, string rules, string source, string protocol, int portOrType, bool allowed)
    {
        var model = ModelWithRules(rules);

        var verdict = model.Evaluate(ProbeFlow(source, protocol, portOrType));

        Assert.True(allowed == verdict.Allowed, $"{scenario}:\n{verdict}");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(2000, true)]
    [InlineData(80, false)]
    public void Evaluate_SourcePorts_MatchAKnownSourcePort(int? sourcePort, bool allowed)
    {
        var model = ModelWithRules("- action: Allow\n  protocol: TCP\n  source:\n    ports: [\"1024:65535\"]");

        var verdict = model.Evaluate(ProbeFlow("x/b", "tcp", 80) with { SourcePort = sourcePort });

        Assert.Equal(allowed, verdict.Allowed);
    }

    [Theory]
    [InlineData("- action: Allow\n  protocol: ICMPv6\n  icmp:\n    type: 128", true)]
    [InlineData("- action: Allow\n  protocol: ICMP\n  icmp:\n    type: 128", false)]
    [InlineData("- action: Allow\n  ipVersion: 6\n  source:\n    nets: [\"fd00::/64\"]", true)]
    [InlineData("- action: Allow\n  source:\n    nets: [10.0.0.0/8]", false)]
    public void Evaluate_Ipv6Flow_UsesIpv6AddressesAndIcmpV6(string rules, bool allowed)
    {
        var model = KubeModel.Model(TestTier + Policy(rules) + """

            ---
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata:
              name: dual
              namespace: x
              labels:
                pod: a
            spec:
              ipNetworks: [10.9.0.1/32, "fd00::1/128"]
              profiles: [kns.x]
            ---
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata:
              name: dual-peer
              namespace: x
            spec:
              ipNetworks: [10.9.0.2/32, "fd00::2/128"]
              profiles: [kns.x]
            """);

        var verdict = model.Evaluate(Flow.IcmpV6(
            model.Snapshot.Workload("x", "dual-peer"),
            model.Snapshot.Workload("x", "dual")));

        Assert.Equal(6, verdict.IpVersion);
        Assert.Equal(IPAddress.Parse("fd00::2"), verdict.SourceAddress);
        Assert.True(allowed == verdict.Allowed, verdict.ToString());
    }

    [Fact]
    public void Evaluate_UnknownEndpoint_Throws()
    {
        var model = KubeModel.Model(string.Empty);

        var error = Assert.Throws<ArgumentException>(() => model.Evaluate(Flow.Tcp(EndpointId.Workload("x", "nope"), IPAddress.Parse("10.0.0.1"), 80)));

        Assert.Contains("x/nope is not in the policy model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EndpointWithoutAnAddressOfTheVersion_Throws()
    {
        var model = KubeModel.Model(string.Empty);
        var flow = Flow.Tcp(model.Snapshot.Workload("x", "a"), model.Snapshot.Workload("x", "b"), 80) with { IpVersion = 6 };

        var error = Assert.Throws<ArgumentException>(() => model.Evaluate(flow));

        Assert.Contains("x/a has no IPv6 address", error.Message, StringComparison.Ordinal);
    }

    private const string TestTier = """
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata:
          name: test
        spec:
          order: 1
        ---

        """;

    private static string Policy(string rules) => $"""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata:
          name: test.probe
        spec:
          tier: test
          selector: pod == 'a' && projectcalico.org/namespace == 'x'
          types: [Ingress]
          ingress:
        {Indent(rules, "  ")}
        """;

    private static PolicyModel ModelWithRules(string rules) => KubeModel.Model(TestTier + Policy(rules) + "\n---\n" + GlobalSet);

    private static string Indent(string text, string indent) => string.Join("\n", text.Split('\n').Select(line => indent + line));

    private static Flow ProbeFlow(string source, string protocol, int portOrType)
    {
        FlowPeer from = source.Contains('/', StringComparison.Ordinal)
            ? EndpointId.Workload(source[..1], $"node-{source[..1]}-k8s-{source[2..]}-eth0")
            : FlowPeer.FromAddress(source);
        var to = EndpointId.Workload("x", "node-x-k8s-a-eth0");
        return protocol switch
        {
            "tcp" => Flow.Tcp(from, to, portOrType),
            "udp" => Flow.Udp(from, to, portOrType),
            _ => Flow.Icmp(from, to, portOrType),
        };
    }
}
