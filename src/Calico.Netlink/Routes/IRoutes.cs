namespace Calico.Netlink;

/// <summary>Routes of one namespace (RTM_*ROUTE). Cache entries (RTM_F_CLONED) are never listed.</summary>
public interface IRoutes
{
    public IReadOnlyList<Route> List(RouteFilter filter);

    /// <summary>Both families of the main table.</summary>
    public IReadOnlyList<Route> List();

    /// <summary>Adds the route; EEXIST when one with the same destination, table and metric exists.</summary>
    public void Add(Route route);

    /// <summary>Adds the route or replaces the one with the same destination, table and metric (ip route replace).</summary>
    public void Replace(Route route);

    /// <summary>Deletes the route that matches the fields given; ESRCH when none does.</summary>
    public void Delete(Route route);
}
