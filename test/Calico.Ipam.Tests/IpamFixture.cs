using System.Net;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

/// <summary>Seeds pools, nodes, IPAM configuration and endpoints straight into a datastore, and reads IPAM resources back.</summary>
public sealed class IpamFixture(IDatastore datastore)
{
    public IDatastore Datastore => datastore;

    public IIpamClient Client(IpamClientOptions? options = null) => IpamClientFactory.Create(datastore, TimeProvider.System, options);

    public async Task PoolAsync(string name, string cidr, int? blockSize = null, bool disabled = false, string? nodeSelector = null,
        IPPoolAllowedUse[]? uses = null, AssignmentMode? mode = null)
    {
        var pool = new IPPool
        {
            Metadata = { Name = name },
            Spec = new IPPoolSpec
            {
                Cidr = cidr,
                BlockSize = blockSize,
                Disabled = disabled ? true : null,
                NodeSelector = nodeSelector,
                AllowedUses = uses?.ToList(),
                AssignmentMode = mode,
            },
        };
        await PutAsync(ResourceKinds.IPPool, pool);
    }

    public async Task NodeAsync(string name, IDictionary<string, string>? labels = null, string? vxlanTunnelAddress = null)
    {
        var node = new Node { Metadata = { Name = name }, Spec = new NodeSpec { Ipv4VxlanTunnelAddr = vxlanTunnelAddress } };
        if (labels is not null)
        {
            node.Metadata.Labels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal);
        }

        await PutAsync(ResourceKinds.Node, node);
    }

    public Task ConfigAsync(bool strictAffinity = false, int maxBlocksPerHost = 0, bool autoAllocateBlocks = true) =>
        PutAsync(ResourceKinds.IPAMConfiguration, new IPAMConfiguration
        {
            Metadata = { Name = "default" },
            Spec = new IPAMConfigurationSpec { StrictAffinity = strictAffinity, MaxBlocksPerHost = maxBlocksPerHost, AutoAllocateBlocks = autoAllocateBlocks },
        });

    /// <summary>Writes a WorkloadEndpoint as the CNI plugin would after assigning its addresses.</summary>
    public Task EndpointAsync(string node, string containerId, IEnumerable<IPAddress> addresses, string ns = "default") =>
        PutAsync(ResourceKinds.WorkloadEndpoint, EndpointFor(node, containerId, addresses, ns));

    public static WorkloadEndpoint EndpointFor(string node, string containerId, IEnumerable<IPAddress> addresses, string ns = "default") => new()
    {
        ApiVersion = ResourceKinds.CalicoApiVersion,
        Kind = "WorkloadEndpoint",
        Metadata = { Name = $"{node}-k8s-pod--{containerId}-eth0", Namespace = ns },
        Spec = new WorkloadEndpointSpec
        {
            Node = node,
            ContainerId = containerId,
            Pod = $"pod-{containerId}",
            Endpoint = "eth0",
            IpNetworks = addresses.Select(a => $"{a}/{(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}").ToList(),
        },
    };

    public static ResourceKey EndpointKey(string node, string containerId, string ns = "default") =>
        ResourceKey.Namespaced(ResourceKinds.WorkloadEndpoint.StoreKind, ns, $"{node}-k8s-pod--{containerId}-eth0");

    public async Task<List<T>> ListAsync<T>(ResourceKind kind)
        where T : Resource =>
        (await datastore.ListAsync(kind.StoreKind)).Items.Select(i => (T)ResourceCodec.DecodeStored(kind, i.Value)).ToList();

    public async Task<T?> GetAsync<T>(ResourceKind kind, string name)
        where T : Resource =>
        await datastore.GetAsync(ResourceKey.Cluster(kind.StoreKind, name)) is { } stored ? (T)ResourceCodec.DecodeStored(kind, stored.Value) : null;

    /// <summary>Every allocated address in every block.</summary>
    public async Task<List<(IPAddress Address, string? Handle, string Block)>> AllocationsAsync()
    {
        var result = new List<(IPAddress, string?, string)>();
        foreach (var block in await ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock))
        {
            var cidr = Calico.Core.Cidr.Parse(block.Spec.Cidr!);
            var start = cidr.Address.GetAddressBytes();
            for (var i = 0; i < block.Spec.Allocations!.Count; i++)
            {
                if (block.Spec.Allocations[i] is { } index)
                {
                    result.Add((Offset(start, i), block.Spec.Attributes![index].HandleId, block.Spec.Cidr!));
                }
            }
        }

        return result;
    }

    private static IPAddress Offset(byte[] start, int ordinal)
    {
        var bytes = (byte[])start.Clone();
        var carry = ordinal;
        for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
        {
            var sum = bytes[i] + (carry & 0xFF);
            bytes[i] = (byte)sum;
            carry = (carry >> 8) + (sum >> 8);
        }

        return new IPAddress(bytes);
    }

    private async Task PutAsync(ResourceKind kind, Resource resource)
    {
        resource.ApiVersion ??= kind.ApiVersion;
        resource.Kind ??= kind.Kind;
        var key = new ResourceKey(kind.StoreKind, kind.IsNamespaced ? resource.Namespace : null, resource.Name);
        var json = ResourceCodec.EncodeJson(resource);
        if (await datastore.GetAsync(key) is { } existing)
        {
            await datastore.UpdateAsync(key, json, existing.Revision);
        }
        else
        {
            await datastore.CreateAsync(key, json);
        }
    }
}
