using Calico.Felix.Dataplane;
using Calico.Felix.Dataplane.Nat;
using Calico.Felix.Dataplane.Routes;
using Calico.Netlink;
using Calico.Nftables;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Felix;

/// <summary>
/// The composition of Felix's managers over one table: policy filtering (IP sets, policies, endpoints, host
/// endpoints; its skeleton is recorded in the table at once), natOutgoing, and, when programming the kernel, the
/// routes to local workloads.
/// </summary>
internal static class FelixManagers
{
    public static IReadOnlyList<IManager> Create(ITable table, IRouteNetlink? routes, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loggers);
        var managers = new List<IManager>(FilterDataplane.Create(table, loggerFactory: loggers).Managers) { new NatManager(table) };
        if (routes is not null)
        {
            managers.Add(new RouteManager(routes, new RouteManagerOptions { Logger = loggers.CreateLogger("felix.routes") }));
        }

        return managers;
    }
}
