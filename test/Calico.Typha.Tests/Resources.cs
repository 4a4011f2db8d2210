using Calico.Datastore;

namespace Calico.Typha.Tests;

/// <summary>Stored text of a few resources, as calicoctl would store them.</summary>
internal static class Resources
{
    public static ResourceKey PoolKey(string name) => ResourceKey.Cluster("IPPool", name);

    public static string Pool(string name, string cidr, string? annotation = null) =>
        "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"" + name + "\""
        + (annotation is null ? string.Empty : ",\"annotations\":{\"big\":\"" + annotation + "\"}")
        + "},\"spec\":{\"cidr\":\"" + cidr + "\"}}";

    public static ResourceKey NetworkSetKey(string name) => ResourceKey.Cluster("GlobalNetworkSet", name);

    public static string NetworkSet(string name, params string[] nets) =>
        "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"GlobalNetworkSet\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"role\":\"db\"}},\"spec\":{\"nets\":["
        + string.Join(",", nets.Select(n => "\"" + n + "\"")) + "]}}";
}
