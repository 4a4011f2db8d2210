using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;

namespace Calico.Client.Tests;

public sealed class ResourceStoreTests : IAsyncDisposable
{
    private readonly IDatastore _datastore = DatastoreFactory.CreateInMemory();
    private readonly ResourceStore _store;

    public ResourceStoreTests() => _store = new ResourceStore(_datastore, TimeProvider.System);

    public ValueTask DisposeAsync() => _datastore.DisposeAsync();

    private async Task<IReadOnlyList<WriteResult>> ApplyAsync(string yaml, WriteMode mode = WriteMode.Apply) =>
        await _store.WriteAsync(ResourceCodec.Decode(yaml, "in.yaml"), mode, new WriteOptions());

    [Fact]
    public async Task Write_KubernetesNetworkPolicy_ShowsAsConvertedCalicoPolicy()
    {
        await ApplyAsync("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}}");

        var listed = await _store.ListAsync(ResourceKinds.NetworkPolicy, "app");
        var policy = (NetworkPolicy)Assert.Single(listed.Items);
        var fetched = (NetworkPolicy?)await _store.GetAsync(ResourceKinds.NetworkPolicy, "app", "knp.default.deny");

        Assert.Equal("knp.default.deny", policy.Name);
        Assert.Equal(1000, policy.Spec.Order);
        Assert.NotNull(fetched);
        Assert.Equal(policy.Spec.Selector, fetched.Spec.Selector);
    }

    [Fact]
    public async Task Write_ConvertedPolicyName_IsReadOnly()
    {
        var error = await Assert.ThrowsAsync<ResourceInputException>(() =>
            ApplyAsync("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: knp.default.x, namespace: app}\nspec: {}"));

        Assert.Contains("read-only", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NamespaceAndServiceAccount_ShowAsProfiles()
    {
        await ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {team: a}}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: app}");

        var names = (await _store.ListAsync(ResourceKinds.Profile, null)).Items.Select(p => p.Name);

        Assert.Equal(["kns.app", "ksa.app.sa"], names);
        Assert.NotNull(await _store.GetAsync(ResourceKinds.Profile, null, "ksa.app.sa"));
        var delete = await Assert.ThrowsAsync<ResourceInputException>(async () =>
            await _store.DeleteAsync([new DeleteRequest(ResourceKinds.Profile, null, "kns.app")], false));
        Assert.Contains("read-only", delete.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PolicyInMissingTier_IsRefused_UnlessTierInSameBatch()
    {
        const string policy = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.p}\nspec: {tier: security}";

        var error = await Assert.ThrowsAsync<ResourceInputException>(() => ApplyAsync(policy));
        Assert.Equal("spec.tier", error.FieldPath);

        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 10}\n---\n" + policy);
        Assert.Single((await _store.ListAsync(ResourceKinds.GlobalNetworkPolicy, null)).Items);
    }

    [Fact]
    public async Task Delete_TierInUseOrBuiltIn_IsRefused()
    {
        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 10}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.p}\nspec: {tier: security}");

        var inUse = await Assert.ThrowsAsync<ResourceInputException>(async () => await _store.DeleteAsync([new DeleteRequest(ResourceKinds.Tier, null, "security")], false));
        var builtIn = await Assert.ThrowsAsync<ResourceInputException>(async () => await _store.DeleteAsync([new DeleteRequest(ResourceKinds.Tier, null, "default")], false));

        Assert.Contains("still holds", inUse.Reason, StringComparison.Ordinal);
        Assert.Contains("built in", builtIn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Tiers_IncludesBuiltIns()
    {
        var names = (await _store.ListAsync(ResourceKinds.Tier, null)).Items.Select(t => t.Name);
        Assert.Equal(["default", "kube-admin", "kube-baseline"], names);
    }

    [Fact]
    public async Task Write_StaleResourceVersion_IsAConflict()
    {
        var created = await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}");
        var stale = created[0].Resource.Metadata.ResourceVersion;
        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16, natOutgoing: true}");

        var error = await Assert.ThrowsAsync<ResourceInputException>(() =>
            ApplyAsync($"apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {{name: p, resourceVersion: '{stale}'}}\nspec: {{cidr: 10.0.0.0/16, disabled: true}}"));

        Assert.Equal("metadata.resourceVersion", error.FieldPath);
        Assert.Contains("out of date", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ChangedPoolCidr_IsRefusedAsImmutable()
    {
        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}");

        var error = await Assert.ThrowsAsync<ResourceInputException>(() => ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.1.0.0/16}"));

        Assert.Contains("immutable", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_SameContentTwice_SecondIsUnchangedAndKeepsRevision()
    {
        const string yaml = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}";
        var first = await ApplyAsync(yaml);
        var revision = await _datastore.GetRevisionAsync();

        var second = await ApplyAsync(yaml);

        Assert.Equal(WriteOutcome.Created, first[0].Outcome);
        Assert.Equal(WriteOutcome.Unchanged, second[0].Outcome);
        Assert.Equal(revision, await _datastore.GetRevisionAsync());
        Assert.Equal(first[0].Resource.Metadata.Uid, second[0].Resource.Metadata.Uid);
    }

    [Fact]
    public async Task Write_UpdateKeepsUidAndCreationTimestamp()
    {
        var first = await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}");
        var second = await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16, natOutgoing: true}");

        Assert.Equal(WriteOutcome.Updated, second[0].Outcome);
        Assert.Equal(first[0].Resource.Metadata.Uid, second[0].Resource.Metadata.Uid);
        Assert.Equal(first[0].Resource.Metadata.CreationTimestamp, second[0].Resource.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Write_NamespaceFlagConflictsWithDocument_IsRefused()
    {
        var inputs = ResourceCodec.Decode("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: n, namespace: a}\nspec: {}", "x");

        var error = await Assert.ThrowsAsync<ResourceInputException>(async () => await _store.WriteAsync(inputs, WriteMode.Apply, new WriteOptions { DefaultNamespace = "b" }));

        Assert.Equal("metadata.namespace", error.FieldPath);
    }

    [Fact]
    public async Task Delete_SeveralWithOneMissing_DeletesNothing()
    {
        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}");

        await Assert.ThrowsAsync<ResourceInputException>(async () => await _store.DeleteAsync(
            [new DeleteRequest(ResourceKinds.IPPool, null, "p"), new DeleteRequest(ResourceKinds.IPPool, null, "missing")], false));

        Assert.Single((await _store.ListAsync(ResourceKinds.IPPool, null)).Items);
    }
}
