using System.Globalization;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Datastore;
using Calico.Ipam;
using Calico.Node.Configuration;
using Microsoft.Extensions.Logging;
using NodeResource = Calico.Api.Resources.Node;

namespace Calico.Node.Startup;

/// <summary>
/// One registration pass of this node's Node resource: the IPv4 address (IP / IP_AUTODETECTION_METHOD), the refusal
/// of an address another Node already uses, the AS number (AS), and the VXLAN tunnel address and VTEP MAC
/// (<see cref="TunnelAddressReconciler"/>). Only this node's own Node is ever written, with a compare-and-swap on the
/// revision read; a lost race is re-read and redone. A pass that changes nothing writes nothing.
/// </summary>
internal sealed partial class NodeRegistration(
    NodeOptions options, IDatastore datastore, AddressAutodetector autodetector, TunnelAddressReconciler tunnels, ILogger logger, TimeProvider time)
{
    /// <summary>Compare-and-swap attempts before giving up (each one re-reads the Node).</summary>
    public const int MaxAttempts = 10;

    private ResourceKey Key => ResourceKey.Cluster(ResourceKinds.Node.StoreKind, options.NodeName);

    /// <summary>Runs one pass.</summary>
    /// <returns>The Node as stored afterwards.</returns>
    /// <exception cref="NodeRegistrationException">No address, an address conflict, no tunnel address to be had, or too many lost races.</exception>
    public async ValueTask<NodeResource> RegisterAsync(CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await datastore.GetAsync(Key, ct).ConfigureAwait(false);
            var node = stored is null ? NewNode() : (NodeResource)ResourceCodec.DecodeStored(ResourceKinds.Node, stored.Value);
            var before = ResourceCodec.EncodeJson(node);
            await ConfigureAddressAsync(node, ct).ConfigureAwait(false);
            ConfigureAsNumber(node);
            await ConfigureTunnelAsync(node, ct).ConfigureAwait(false);
            if (node.Spec.Bgp is { AsNumber: null, Ipv4Address: null, Ipv6Address: null, Ipv4IpipTunnelAddr: null, RouteReflectorClusterId: null })
            {
                node.Spec.Bgp = null;
            }

            var after = ResourceCodec.EncodeJson(node);
            if (stored is not null && string.Equals(before, after, StringComparison.Ordinal))
            {
                return node;
            }

            try
            {
                _ = stored is null
                    ? await datastore.CreateAsync(Key, after, ct).ConfigureAwait(false)
                    : await datastore.UpdateAsync(Key, after, stored.Revision, ct).ConfigureAwait(false);
                LogNodeWritten(logger, options.NodeName, stored is null ? "created" : "updated", node.Spec.Bgp?.Ipv4Address ?? "none",
                    node.Spec.Bgp?.AsNumber?.ToString(CultureInfo.InvariantCulture) ?? "inherited", node.Spec.Ipv4VxlanTunnelAddr ?? "none");
                return node;
            }
            catch (Exception e) when (e is RevisionConflictException or ResourceAlreadyExistsException or ResourceNotFoundException)
            {
                LogLostRace(logger, options.NodeName, attempt);
            }
        }

        throw new NodeRegistrationException($"Node \"{options.NodeName}\" changed under every one of {MaxAttempts} attempts to update it; giving up");
    }

    private NodeResource NewNode() => new()
    {
        ApiVersion = ResourceKinds.Node.ApiVersion,
        Kind = ResourceKinds.Node.Kind,
        Metadata =
        {
            Name = options.NodeName,
            Uid = Guid.NewGuid().ToString(),
            CreationTimestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        },
    };

    private async ValueTask ConfigureAddressAsync(NodeResource node, CancellationToken ct)
    {
        var existing = node.Spec.Bgp?.Ipv4Address;
        var setting = options.Ipv4Address;
        string? wanted;
        switch (setting.Mode)
        {
            case Ipv4AddressMode.None:
                return;
            case Ipv4AddressMode.Explicit:
                wanted = autodetector.Complete(setting.Address!, setting.PrefixLength).ToString();
                break;
            case Ipv4AddressMode.Default when !string.IsNullOrEmpty(existing):
                wanted = existing;
                break;
            default:
                var detected = await autodetector.DetectAsync(options.Ipv4AutodetectionMethod, ct).ConfigureAwait(false);
                wanted = detected.Address.ToString();
                if (!string.Equals(wanted, existing, StringComparison.Ordinal))
                {
                    LogAddressDetected(logger, options.NodeName, wanted, detected.InterfaceName, options.Ipv4AutodetectionMethod.Text);
                }

                break;
        }

        await RefuseConflictAsync(wanted, ct).ConfigureAwait(false);
        if (!string.Equals(wanted, existing, StringComparison.Ordinal))
        {
            node.Spec.Bgp ??= new NodeBgpSpec();
            node.Spec.Bgp.Ipv4Address = wanted;
            LogAddressChanged(logger, options.NodeName, existing ?? "none", wanted);
        }
    }

    /// <summary>Calico's checkConflictingNodes: no other Node may have the same IPv4 address (the prefix does not matter).</summary>
    private async ValueTask RefuseConflictAsync(string address, CancellationToken ct)
    {
        if (!HostAddress.TryParse(address, out var ours, out _))
        {
            throw new NodeRegistrationException($"IPv4 address \"{address}\" of Node \"{options.NodeName}\" is not an address");
        }

        var nodes = await datastore.ListAsync(ResourceKinds.Node.StoreKind, null, ct).ConfigureAwait(false);
        foreach (var item in nodes.Items)
        {
            if (string.Equals(item.Key.Name, options.NodeName, StringComparison.Ordinal))
            {
                continue;
            }

            var theirs = ((NodeResource)ResourceCodec.DecodeStored(ResourceKinds.Node, item.Value)).Spec.Bgp?.Ipv4Address;
            if (HostAddress.TryParse(theirs, out var their, out _) && their.Equals(ours))
            {
                throw new NodeRegistrationException(
                    $"Calico node '{item.Key.Name}' is already using the IPv4 address {ours}: refusing to register node '{options.NodeName}' with {address} "
                    + "(give this node another address with IP or IP_AUTODETECTION_METHOD, or remove the stale Node)");
            }
        }
    }

    private void ConfigureAsNumber(NodeResource node)
    {
        if (options.AsNumber is not { } asNumber || node.Spec.Bgp?.AsNumber == asNumber)
        {
            return;
        }

        node.Spec.Bgp ??= new NodeBgpSpec();
        LogAsNumberChanged(logger, options.NodeName, node.Spec.Bgp.AsNumber?.ToString(CultureInfo.InvariantCulture) ?? "inherited", asNumber);
        node.Spec.Bgp.AsNumber = asNumber;
    }

    private async ValueTask ConfigureTunnelAsync(NodeResource node, CancellationToken ct)
    {
        var listed = await datastore.ListAsync(ResourceKinds.IPPool.StoreKind, null, ct).ConfigureAwait(false);
        var pools = listed.Items.Select(i => (IPPool)ResourceCodec.DecodeStored(ResourceKinds.IPPool, i.Value)).ToList();
        try
        {
            await tunnels.ReconcileAsync(node, pools, ct).ConfigureAwait(false);
        }
        catch (IpamException e)
        {
            throw new NodeRegistrationException($"cannot give Node \"{options.NodeName}\" a VXLAN tunnel address: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Node {Node}: autodetected IPv4 address {Address} on interface {Interface} (IP_AUTODETECTION_METHOD={Method})")]
    private static partial void LogAddressDetected(ILogger logger, string node, string address, string @interface, string method);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Node {Node}: IPv4 address {Old} -> {New}")]
    private static partial void LogAddressChanged(ILogger logger, string node, string old, string @new);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Node {Node}: AS number {Old} -> {New}")]
    private static partial void LogAsNumberChanged(ILogger logger, string node, string old, long @new);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Node {Node} {Action}: ipv4Address {Address}, asNumber {AsNumber}, ipv4VXLANTunnelAddr {Tunnel}")]
    private static partial void LogNodeWritten(ILogger logger, string node, string action, string address, string asNumber, string tunnel);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "Node {Node} changed while being registered (attempt {Attempt}); re-reading")]
    private static partial void LogLostRace(ILogger logger, string node, int attempt);
}
