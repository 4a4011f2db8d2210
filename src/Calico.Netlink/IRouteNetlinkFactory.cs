namespace Calico.Netlink;

/// <summary>Opens <see cref="IRouteNetlink"/> handles; the seam callers inject (and fake in tests).</summary>
public interface IRouteNetlinkFactory
{
    /// <summary>Creates a netlink socket inside <paramref name="ns"/> (on a dedicated thread, see <see cref="NetworkNamespace.Run{T}"/>).</summary>
    public IRouteNetlink Open(NetworkNamespace ns);
}
