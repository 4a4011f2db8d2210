using Calico.Felix.Dataplane;
using Calico.Netlink;
using Calico.Nftables;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Felix;

/// <summary>The composition of Felix's managers over one table (and, when programming the kernel, its routes).</summary>
internal static class FelixManagers
{
    public static IReadOnlyList<IManager> Create(ITable table, IRouteNetlink? routes, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loggers);
        _ = routes;
        return [];
    }
}
