using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Tests.Rules;

public sealed class FelixNamesTests
{
    [Fact]
    public void IpSet_SelectorAndNamedPortIds_PrefixPerVersionAndColonBecomesDash()
    {
        Assert.Equal("cali40s-AbC_d-9", FelixNames.IpSet(new IpSetId("s:AbC_d-9"), 4).Value);
        Assert.Equal("cali60s-AbC_d-9", FelixNames.IpSet(new IpSetId("s:AbC_d-9"), 6).Value);
        Assert.Equal("cali40n-xyz", FelixNames.IpSet(new IpSetId("n:xyz"), 4).Value);
    }

    [Fact]
    public void IpSet_IdWithCharactersNftRejects_HashedAndValid()
    {
        var name = FelixNames.IpSet(new IpSetId("s:a b/c"), 4);

        Assert.StartsWith("cali40_", name.Value, StringComparison.Ordinal);
        Assert.True(SetName.IsValid(name.Value, out _));
        Assert.NotEqual(name, FelixNames.IpSet(new IpSetId("s:a b/d"), 4));
    }

    [Fact]
    public void PolicyChain_ShortNames_ReadablePerKindAndDirection()
    {
        Assert.Equal("cali-pi-allow-dns", FelixNames.PolicyChain(PolicyId.Global("allow-dns"), PolicyType.Ingress).Value);
        Assert.Equal("cali-po-allow-dns", FelixNames.PolicyChain(PolicyId.Global("allow-dns"), PolicyType.Egress).Value);
        Assert.Equal("cali-pi-web_default.deny", FelixNames.PolicyChain(PolicyId.Namespaced("web", "default.deny"), PolicyType.Ingress).Value);
        Assert.Equal("cali-pi-x_knp.default.a", FelixNames.PolicyChain(PolicyId.Kubernetes("x", "a"), PolicyType.Ingress).Value);
    }

    [Fact]
    public void PolicyChain_LongOrUnusualNames_HashedTo28CharactersAndUnique()
    {
        var ids = new[]
        {
            PolicyId.Kubernetes("namespace-x", "allow-from-frontend"),
            PolicyId.Namespaced("namespace-x", "knp.default.allow-from-frontend"),
            PolicyId.Global("Upper"),
            PolicyId.Global("under_score"),
            new PolicyId(PolicyKind.NetworkPolicy, "x", "knp.default.a"),
        };

        var names = ids.Select(id => FelixNames.PolicyChain(id, PolicyType.Ingress).Value).ToList();

        Assert.All(names, n => Assert.StartsWith("cali-pi-_", n, StringComparison.Ordinal));
        Assert.All(names, n => Assert.Equal(FelixNames.MaxReadableChainLength, n.Length));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.NotEqual(names[4], FelixNames.PolicyChain(PolicyId.Kubernetes("x", "a"), PolicyType.Ingress).Value);
    }

    [Fact]
    public void PolicyChain_GlobalAndNamespacedOfTheSameText_DoNotCollide()
    {
        var global = FelixNames.PolicyChain(PolicyId.Global("a_b"), PolicyType.Ingress);
        var namespaced = FelixNames.PolicyChain(PolicyId.Namespaced("a", "b"), PolicyType.Ingress);

        Assert.Equal("cali-pi-a_b", namespaced.Value);
        Assert.NotEqual(namespaced, global);
    }

    [Fact]
    public void ProfileChain_KubernetesNamespaceProfile_ReadableElseHashed()
    {
        Assert.Equal("cali-pri-kns.default", FelixNames.ProfileChain("kns.default", PolicyType.Ingress).Value);
        Assert.Equal("cali-pro-kns.default", FelixNames.ProfileChain("kns.default", PolicyType.Egress).Value);
        var hashed = FelixNames.ProfileChain("ksa.some-namespace.some-service-account", PolicyType.Ingress).Value;
        Assert.StartsWith("cali-pri-_", hashed, StringComparison.Ordinal);
        Assert.Equal(28, hashed.Length);
    }

    [Fact]
    public void WorkloadChains_InterfaceName_ToAndFromPrefixes()
    {
        Assert.Equal("cali-tw-cali12345678901", FelixNames.ToWorkload("cali12345678901").Value);
        Assert.Equal("cali-fw-cali12345678901", FelixNames.FromWorkload("cali12345678901").Value);
        Assert.StartsWith("cali-fw-_", FelixNames.FromWorkload("we:ird").Value, StringComparison.Ordinal);
    }
}
