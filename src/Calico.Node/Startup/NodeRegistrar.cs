using Calico.Datastore;
using Calico.Ipam;
using Calico.Netlink;
using Calico.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Startup;

/// <summary>
/// calico-node's Node registration, composed: <see cref="RegisterAsync"/> once before Felix starts (so Felix sees this
/// node's address and tunnel fields in its first snapshot), then <see cref="KeepCurrentAsync"/> alongside Felix.
/// Owns the rtnetlink handle on calico-node's own network namespace that autodetection reads (read only).
/// </summary>
internal sealed class NodeRegistrar : IDisposable
{
    /// <summary>How often the keep-current loop re-runs a pass with no change seen (Calico's allocateip: 5 minutes).</summary>
    public static readonly TimeSpan DefaultResyncInterval = TimeSpan.FromMinutes(5);

    private readonly NetworkNamespace _namespace;
    private readonly IRouteNetlink _netlink;
    private readonly NodeRegistration _registration;
    private readonly NodeRegistrationLoop _loop;

    private NodeRegistrar(NetworkNamespace ns, IRouteNetlink netlink, NodeOptions options, IDatastore datastore, ILoggerFactory loggers, TimeProvider time, TimeSpan resyncInterval)
    {
        _namespace = ns;
        _netlink = netlink;
        var logger = loggers.CreateLogger("calico-node.registration");
        var tunnels = new TunnelAddressReconciler(IpamClientFactory.Create(datastore, time), logger);
        _registration = new NodeRegistration(options, datastore, new AddressAutodetector(netlink), tunnels, logger, time);
        _loop = new NodeRegistrationLoop(_registration, datastore, options.NodeName, resyncInterval, logger, time);
    }

    /// <summary>Registers the node in <paramref name="ns"/> (taken over: disposed with this), or in this process's namespace when null.</summary>
    public static NodeRegistrar Open(NodeOptions options, IDatastore datastore, ILoggerFactory loggers, TimeProvider time, NetworkNamespace? ns = null, TimeSpan? resyncInterval = null)
    {
        ns ??= NetworkNamespace.OpenCurrent();
        try
        {
            var netlink = new RouteNetlinkFactory().Open(ns);
            return new NodeRegistrar(ns, netlink, options, datastore, loggers, time, resyncInterval ?? DefaultResyncInterval);
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="NodeRegistration.RegisterAsync"/>
    public ValueTask<Api.Resources.Node> RegisterAsync(CancellationToken ct) => _registration.RegisterAsync(ct);

    /// <inheritdoc cref="NodeRegistrationLoop.RunAsync"/>
    public Task KeepCurrentAsync(CancellationToken ct) => _loop.RunAsync(ct);

    public void Dispose()
    {
        _netlink.Dispose();
        _namespace.Dispose();
    }
}
