namespace Calico.Netlink;

/// <summary>rt_scope_t, shared by routes and addresses.</summary>
public enum RouteScope : byte
{
    Universe = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}
