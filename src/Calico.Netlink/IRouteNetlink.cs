namespace Calico.Netlink;

/// <summary>
/// rtnetlink for one network namespace: one NETLINK_ROUTE socket created inside <see cref="Namespace"/>. Every
/// operation is a synchronous request/acknowledge exchange with the kernel (microseconds; there is no network
/// I/O to await). Safe to use from several threads: requests are serialised. Failures throw
/// <see cref="NetlinkException"/> naming the operation, the object and the errno.
/// </summary>
public interface IRouteNetlink : IDisposable
{
    /// <summary>The namespace this handle operates on. It is not owned: dispose it after this handle.</summary>
    public NetworkNamespace Namespace { get; }

    public ILinks Links { get; }

    public IAddresses Addresses { get; }

    public IRoutes Routes { get; }

    public INeighbours Neighbours { get; }

    public IDeviceSettings DeviceSettings { get; }
}
