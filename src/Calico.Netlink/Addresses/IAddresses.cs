using System.Net.Sockets;

namespace Calico.Netlink;

/// <summary>Interface addresses of one namespace (RTM_*ADDR).</summary>
public interface IAddresses
{
    /// <summary>Addresses of one family (or both with <see cref="AddressFamily.Unspecified"/>), optionally of one link.</summary>
    public IReadOnlyList<InterfaceAddress> List(AddressFamily family = AddressFamily.Unspecified, LinkIndex? link = null);

    /// <summary>Adds the address; EEXIST when it is already there.</summary>
    public void Add(InterfaceAddress address);

    /// <summary>Adds the address, or refreshes it when present (no EEXIST; for IPv4 the kernel keeps the existing scope).</summary>
    public void Replace(InterfaceAddress address);

    public void Delete(InterfaceAddress address);
}
