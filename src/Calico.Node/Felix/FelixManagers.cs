using Calico.Felix.Dataplane;
using Calico.Felix.Dataplane.Nat;
using Calico.Felix.Dataplane.Routes;
using Calico.Felix.Dataplane.Vxlan;
using Calico.Netlink;
using Calico.Nftables;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Felix;

/// <summary>
/// The composition of Felix's managers over one table: policy filtering (IP sets, policies, endpoints, host
/// endpoints; its skeleton is recorded in the table at once), natOutgoing, and, when programming the kernel, the
/// routes to local workloads and the VXLAN overlay (device, tunnel neighbours, block routes).
/// </summary>
internal static class FelixManagers
{
    public static IReadOnlyList<IManager> Create(string nodeName, ITable table, IRouteNetlink? routes, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loggers);
        var managers = new List<IManager>(FilterDataplane.Create(table, loggerFactory: loggers).Managers) { new NatManager(table) };
        if (routes is not null)
        {
            managers.Add(new RouteManager(routes, new RouteManagerOptions { Logger = loggers.CreateLogger("felix.routes") }));
            managers.Add(new VxlanManager(routes, new VxlanManagerOptions { NodeName = nodeName, Logger = loggers.CreateLogger("felix.vxlan") }));
        }

        return managers;
    }
}
