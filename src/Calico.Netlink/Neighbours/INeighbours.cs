using System.Net.Sockets;

namespace Calico.Netlink;

/// <summary>Neighbour (ARP/NDP) and bridge/VXLAN forwarding-database entries of one namespace (RTM_*NEIGH).</summary>
public interface INeighbours
{
    /// <summary>ARP and/or NDP entries (<see cref="AddressFamily.Unspecified"/> for both), optionally of one link.</summary>
    public IReadOnlyList<Neighbour> List(AddressFamily family = AddressFamily.Unspecified, LinkIndex? link = null);

    public void Add(Neighbour neighbour);

    /// <summary>Adds the entry or overwrites the one for the same IP and link (ip neigh replace).</summary>
    public void Replace(Neighbour neighbour);

    public void Delete(Neighbour neighbour);

    public IReadOnlyList<FdbEntry> ListFdb(LinkIndex? link = null);

    /// <summary>Adds the entry; EEXIST when the MAC already has one (VXLAN: use <see cref="AppendFdb"/> for more destinations).</summary>
    public void AddFdb(FdbEntry entry);

    /// <summary>Adds the entry or overwrites the destination of the MAC (bridge fdb replace).</summary>
    public void ReplaceFdb(FdbEntry entry);

    /// <summary>Adds one more destination for the MAC (bridge fdb append; VXLAN only).</summary>
    public void AppendFdb(FdbEntry entry);

    public void DeleteFdb(FdbEntry entry);
}
