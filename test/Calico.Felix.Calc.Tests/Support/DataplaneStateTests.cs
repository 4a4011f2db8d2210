using Calico.Api.Resources;
using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using static Calico.Felix.Calc.Tests.Support.Fixtures;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>The mock dataplane must catch every break of the contract, or the state tests prove nothing.</summary>
public class DataplaneStateTests
{
    private static readonly EffectivePolicy Policy = EffectivePolicyConverter.FromGlobalNetworkPolicy(One<GlobalNetworkPolicy>("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: web}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow, protocol: TCP, source: {selector: app == 'client'}, destination: {ports: [http]}}]
        """));

    private static readonly EffectiveProfile Profile = EffectivePolicyConverter.FromProfile(One<Profile>("""
        apiVersion: projectcalico.org/v3
        kind: Profile
        metadata: {name: p}
        spec: {egress: [{action: Allow, destination: {selector: app == 'db'}}]}
        """));

    private static readonly IpSetDescriptor[] PolicySets = [.. Policy.Ingress.SelectMany(RuleIpSets.All)];

    private static readonly IpSetDescriptor ProfileSet = Profile.Egress.SelectMany(RuleIpSets.All).Single();

    private static readonly EndpointId Endpoint = EndpointId.Workload("x", "a");

    private static readonly IpSetMember Address = new(Cidr.Parse("10.0.0.1/32"));

    [Fact]
    public void Apply_SetsPolicyProfileEndpointThenRemovals_AcceptedAndEmptyAtTheEnd()
    {
        var dataplane = Populated();
        Assert.Equal(3, dataplane.View().IpSets.Count);
        Assert.Single(dataplane.View().Endpoints);

        dataplane.Apply([
            new WorkloadEndpointRemove(Endpoint), new ActiveProfileRemove("p"), new ActivePolicyRemove(Policy.Id),
            .. PolicySets.Select(s => new IpSetRemove(s.Id)), new IpSetRemove(ProfileSet.Id),
        ]);

        Assert.True(dataplane.View().IsEmpty);
    }

    [Fact]
    public void Apply_PolicyBeforeItsSets_Rejected() =>
        AssertRejected(new DataplaneState(), new ActivePolicyUpdate(Policy.Id, Policy), "which is not present");

    [Fact]
    public void Apply_ProfileBeforeItsSet_Rejected() =>
        AssertRejected(new DataplaneState(), new ActiveProfileUpdate("p", Profile), "which is not present");

    [Fact]
    public void Apply_EndpointBeforeItsPolicy_Rejected()
    {
        var dataplane = new DataplaneState();
        dataplane.Apply(new ActiveProfileUpdate("kns.x", EffectivePolicyConverter.FromProfile(new Profile { Metadata = new() { Name = "kns.x" } })));

        AssertRejected(dataplane, EndpointUpdate(["kns.x"]), $"lists policy {Format.Policy(Policy.Id)} which is not present");
    }

    [Fact]
    public void Apply_EndpointNamingAnAbsentProfile_Rejected()
    {
        var dataplane = Populated();

        AssertRejected(dataplane, EndpointUpdate(["p", "missing"]), "lists profile missing which is not present");
    }

    [Fact]
    public void Apply_DeltaForUnknownSet_Rejected() =>
        AssertRejected(new DataplaneState(), new IpSetDeltaUpdate(new IpSetId("s:nope"), [Address], []), "the set is not present");

    [Fact]
    public void Apply_DeltaAddingAPresentMember_Rejected()
    {
        var dataplane = Populated();

        AssertRejected(dataplane, new IpSetDeltaUpdate(ProfileSet.Id, [Address], []), "added but already present");
    }

    [Fact]
    public void Apply_DeltaRemovingAnAbsentMember_Rejected()
    {
        var dataplane = Populated();

        AssertRejected(dataplane, new IpSetDeltaUpdate(ProfileSet.Id, [], [new IpSetMember(Cidr.Parse("10.0.0.2/32"))]), "removed but not present");
    }

    [Fact]
    public void Apply_SetUpdateWithADuplicateMember_Rejected() =>
        AssertRejected(new DataplaneState(), new IpSetUpdate(ProfileSet.Id, IpSetKind.Networks, [Address, Address]), "listed twice");

    [Fact]
    public void Apply_RemovingASetAPolicyUses_Rejected() =>
        AssertRejected(Populated(), new IpSetRemove(PolicySets[0].Id), $"still used by policy {Format.Policy(Policy.Id)}");

    [Fact]
    public void Apply_RemovingAPolicyAnEndpointUses_Rejected() =>
        AssertRejected(Populated(), new ActivePolicyRemove(Policy.Id), "still in the tiers of x/a");

    [Fact]
    public void Apply_RemovingAProfileAnEndpointLists_Rejected() =>
        AssertRejected(Populated(), new ActiveProfileRemove("p"), "still listed by x/a");

    [Fact]
    public void Apply_RemovingAnUnknownEndpoint_Rejected() =>
        AssertRejected(new DataplaneState(), new WorkloadEndpointRemove(Endpoint), "the endpoint is not present");

    private static DataplaneState Populated()
    {
        var dataplane = new DataplaneState();
        dataplane.Apply([
            .. PolicySets.Select(s => new IpSetUpdate(s.Id, s.Kind, [])),
            new IpSetUpdate(ProfileSet.Id, IpSetKind.Networks, [Address]),
            new ActivePolicyUpdate(Policy.Id, Policy),
            new ActiveProfileUpdate("p", Profile),
            EndpointUpdate(["p"]),
        ]);
        return dataplane;
    }

    private static WorkloadEndpointUpdate EndpointUpdate(string[] profiles) =>
        new(Endpoint, "calia", [Cidr.Parse("10.0.0.9/32")], [new TierPolicies("default", Api.Values.TierDefaultAction.Deny, [Policy.Id], [])], profiles, []);

    private static void AssertRejected(DataplaneState dataplane, DataplaneMessage message, string reason)
    {
        var error = Assert.Throws<DataplaneContractException>(() => dataplane.Apply(message));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Same(message, error.Offending);
    }
}
