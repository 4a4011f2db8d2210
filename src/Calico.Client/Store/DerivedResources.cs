using Calico.Api;
using Calico.Api.Conversion;
using Calico.Api.Defaults;
using Calico.Api.Kubernetes;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Client.Store;

/// <summary>
/// Resources that exist because others do, and are read-only: NetworkPolicies converted from Kubernetes NetworkPolicies
/// (knp.default.*), profiles from Namespaces (kns.*) and ServiceAccounts (ksa.*), and the built-in tiers.
/// </summary>
internal static class DerivedResources
{
    public static bool IsDerivedName(ResourceKind kind, string name) =>
        (kind == ResourceKinds.NetworkPolicy && name.StartsWith(KubeNetworkPolicyConverter.NamePrefix, StringComparison.Ordinal))
        || (kind == ResourceKinds.Profile && KubeProfileConverter.IsConverted(name));

    public static string ReadOnlyReason(ResourceKind kind, string name) => kind == ResourceKinds.NetworkPolicy
        ? $"{name} is converted from the Kubernetes NetworkPolicy \"{name[KubeNetworkPolicyConverter.NamePrefix.Length..]}\" and is read-only; change that policy instead (kind NetworkPolicy, apiVersion networking.k8s.io/v1)"
        : $"{name} is derived from a Kubernetes {(name.StartsWith(KubeProfileConverter.NamespacePrefix, StringComparison.Ordinal) ? "Namespace" : "ServiceAccount")} and is read-only; change that resource's labels instead";

    public static async ValueTask<List<Resource>> ListAsync(IDatastore datastore, ResourceKind kind, string? ns, List<Resource> stored, CancellationToken ct)
    {
        if (kind == ResourceKinds.NetworkPolicy)
        {
            var knps = await datastore.ListAsync(ResourceKinds.KubeNetworkPolicy.StoreKind, ns, ct).ConfigureAwait(false);
            stored.AddRange(knps.Items.Select(i => (Resource)KubeNetworkPolicyConverter.Convert((KubeNetworkPolicy)Decode(ResourceKinds.KubeNetworkPolicy, i))));
            return Sort(stored);
        }

        if (kind == ResourceKinds.Profile)
        {
            var namespaces = await datastore.ListAsync(ResourceKinds.KubeNamespace.StoreKind, null, ct).ConfigureAwait(false);
            var accounts = await datastore.ListAsync(ResourceKinds.KubeServiceAccount.StoreKind, null, ct).ConfigureAwait(false);
            stored.AddRange(namespaces.Items.Select(i => (Resource)KubeProfileConverter.FromNamespace((KubeNamespace)Decode(ResourceKinds.KubeNamespace, i))));
            stored.AddRange(accounts.Items.Select(i => (Resource)KubeProfileConverter.FromServiceAccount((KubeServiceAccount)Decode(ResourceKinds.KubeServiceAccount, i))));
            return Sort(stored);
        }

        if (kind == ResourceKinds.Tier)
        {
            foreach (var tier in BuiltInTiers.Create())
            {
                if (!stored.Any(s => string.Equals(s.Name, tier.Name, StringComparison.Ordinal)))
                {
                    stored.Add(tier);
                }
            }

            return Sort(stored);
        }

        return stored;
    }

    public static async ValueTask<Resource?> GetAsync(IDatastore datastore, ResourceKind kind, string? ns, string name, CancellationToken ct)
    {
        if (kind == ResourceKinds.NetworkPolicy && name.StartsWith(KubeNetworkPolicyConverter.NamePrefix, StringComparison.Ordinal))
        {
            var key = new ResourceKey(ResourceKinds.KubeNetworkPolicy.StoreKind, ns, name[KubeNetworkPolicyConverter.NamePrefix.Length..]);
            return await datastore.GetAsync(key, ct).ConfigureAwait(false) is { } knp
                ? KubeNetworkPolicyConverter.Convert((KubeNetworkPolicy)Decode(ResourceKinds.KubeNetworkPolicy, knp))
                : null;
        }

        if (kind == ResourceKinds.Profile && name.StartsWith(KubeProfileConverter.NamespacePrefix, StringComparison.Ordinal))
        {
            var key = new ResourceKey(ResourceKinds.KubeNamespace.StoreKind, null, name[KubeProfileConverter.NamespacePrefix.Length..]);
            return await datastore.GetAsync(key, ct).ConfigureAwait(false) is { } found
                ? KubeProfileConverter.FromNamespace((KubeNamespace)Decode(ResourceKinds.KubeNamespace, found))
                : null;
        }

        if (kind == ResourceKinds.Profile && name.StartsWith(KubeProfileConverter.ServiceAccountPrefix, StringComparison.Ordinal))
        {
            var rest = name[KubeProfileConverter.ServiceAccountPrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                return null;
            }

            var key = new ResourceKey(ResourceKinds.KubeServiceAccount.StoreKind, rest[..dot], rest[(dot + 1)..]);
            return await datastore.GetAsync(key, ct).ConfigureAwait(false) is { } found
                ? KubeProfileConverter.FromServiceAccount((KubeServiceAccount)Decode(ResourceKinds.KubeServiceAccount, found))
                : null;
        }

        if (kind == ResourceKinds.Tier && BuiltInTiers.IsBuiltIn(name))
        {
            return BuiltInTiers.Create().First(t => string.Equals(t.Name, name, StringComparison.Ordinal));
        }

        return null;
    }

    public static Resource Decode(ResourceKind kind, StoredResource stored)
    {
        var resource = ResourceCodec.DecodeStored(kind, stored.Value);
        resource.Metadata.ResourceVersion = stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return resource;
    }

    private static List<Resource> Sort(List<Resource> items) =>
        items.OrderBy(i => i.Namespace ?? string.Empty, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
}
