using System.Collections.Frozen;
using System.Text;
using Google.Protobuf;

namespace Calico.Datastore.Etcd;

/// <summary>
/// Maps resource keys to etcd keys the way Calico lays them out:
/// <c>&lt;prefix&gt;&lt;plural kind&gt;/&lt;namespace&gt;/&lt;name&gt;</c>, or without the namespace segment for a
/// cluster-scoped resource (<c>/calico/resources/v3/projectcalico.org/ippools/default-ipv4-ippool</c>).
/// </summary>
/// <remarks>
/// Calico's kinds use Calico's lower-case plurals. Any other kind is written as it is spelt, so that kinds differing
/// only in case stay distinct and every etcd key decodes back to exactly one resource key. Kinds, namespaces and
/// names must not contain <c>/</c>.
/// </remarks>
internal sealed class EtcdKeyCodec
{
    private static readonly FrozenDictionary<string, string> _pluralByKind = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BGPConfiguration"] = "bgpconfigurations",
        ["BGPFilter"] = "bgpfilters",
        ["BGPPeer"] = "bgppeers",
        ["BlockAffinity"] = "blockaffinities",
        ["CalicoNodeStatus"] = "caliconodestatuses",
        ["ClusterInformation"] = "clusterinformations",
        ["FelixConfiguration"] = "felixconfigurations",
        ["GlobalNetworkPolicy"] = "globalnetworkpolicies",
        ["GlobalNetworkSet"] = "globalnetworksets",
        ["HostEndpoint"] = "hostendpoints",
        ["IPAMBlock"] = "ipamblocks",
        ["IPAMConfig"] = "ipamconfigs",
        ["IPAMHandle"] = "ipamhandles",
        ["IPPool"] = "ippools",
        ["IPReservation"] = "ipreservations",
        ["KubeControllersConfiguration"] = "kubecontrollersconfigurations",
        ["NetworkPolicy"] = "networkpolicies",
        ["NetworkSet"] = "networksets",
        ["Node"] = "nodes",
        ["Profile"] = "profiles",
        ["StagedGlobalNetworkPolicy"] = "stagedglobalnetworkpolicies",
        ["StagedNetworkPolicy"] = "stagednetworkpolicies",
        ["Tier"] = "tiers",
        ["WorkloadEndpoint"] = "workloadendpoints",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> _kindByPlural =
        _pluralByKind.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    private readonly string _prefix;

    public EtcdKeyCodec(string prefix)
    {
        _prefix = prefix;
        Root = ByteString.CopyFromUtf8(prefix);
    }

    /// <summary>The prefix itself: every resource key starts with it.</summary>
    public ByteString Root { get; }

    public ByteString Encode(ResourceKey key)
    {
        var kind = Segment(key.Kind);
        CheckSegment(key.Name, "name");
        if (key.Namespace is null)
        {
            return ByteString.CopyFromUtf8($"{_prefix}{kind}/{key.Name}");
        }

        CheckSegment(key.Namespace, "namespace");
        return ByteString.CopyFromUtf8($"{_prefix}{kind}/{key.Namespace}/{key.Name}");
    }

    /// <summary>The key prefix of one kind, optionally narrowed to one namespace.</summary>
    public ByteString Prefix(string? kind, string? ns)
    {
        if (kind is null)
        {
            return Root;
        }

        var segment = Segment(kind);
        if (ns is null)
        {
            return ByteString.CopyFromUtf8($"{_prefix}{segment}/");
        }

        CheckSegment(ns, "namespace");
        return ByteString.CopyFromUtf8($"{_prefix}{segment}/{ns}/");
    }

    /// <summary>Decodes an etcd key under the prefix, or returns <see langword="null"/> for a key of another shape.</summary>
    public ResourceKey? Decode(ByteString etcdKey)
    {
        var text = etcdKey.ToStringUtf8();
        if (!text.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = text[_prefix.Length..].Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            return null;
        }

        var kind = _kindByPlural.GetValueOrDefault(parts[0], parts[0]);
        return parts.Length == 2 ? ResourceKey.Cluster(kind, parts[1]) : ResourceKey.Namespaced(kind, parts[1], parts[2]);
    }

    /// <summary>The end of etcd's half-open range of every key starting with <paramref name="prefix"/>.</summary>
    public static ByteString RangeEnd(ByteString prefix)
    {
        var end = prefix.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return ByteString.CopyFrom(end, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }

    private static string Segment(string kind)
    {
        CheckSegment(kind, "kind");
        return _pluralByKind.GetValueOrDefault(kind, kind);
    }

    private static void CheckSegment(string value, string what)
    {
        if (value.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The etcd datastore cannot store a {what} containing '/': \"{value}\".", what);
        }
    }

    public static string Utf8(ByteString value) => value.ToStringUtf8();

    public static ByteString Utf8(string value) => ByteString.CopyFrom(Encoding.UTF8.GetBytes(value));
}
