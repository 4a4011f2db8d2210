namespace Calico.Netlink;

/// <summary>Network interfaces of one namespace (RTM_*LINK).</summary>
public interface ILinks
{
    public IReadOnlyList<Link> List();

    /// <summary>The link with this name; null when there is none.</summary>
    public Link? Find(LinkName name);

    public Link? Find(LinkIndex index);

    /// <summary>The link with this name; throws <see cref="NetlinkException"/> (ENODEV) when there is none.</summary>
    public Link Get(LinkName name);

    public Link Get(LinkIndex index);

    /// <summary>
    /// Creates a veth pair in one request (peer placed and named in its namespace); returns the first end. The
    /// peer is brought up through its own namespace's handle: the kernel refuses IFF_UP on a peer at creation.
    /// </summary>
    public Link CreateVeth(VethSpec spec);

    public Link CreateVxlan(VxlanSpec spec);

    public Link CreateBridge(LinkName name, bool up = false);

    public void SetUp(LinkIndex link);

    public void SetDown(LinkIndex link);

    public void SetMac(LinkIndex link, MacAddress mac);

    public void SetMtu(LinkIndex link, int mtu);

    /// <summary>Renames a link; the kernel refuses (EBUSY) while it is up.</summary>
    public void Rename(LinkIndex link, LinkName newName);

    /// <summary>Enslaves the link to a bridge, or releases it when <paramref name="master"/> is null.</summary>
    public void SetMaster(LinkIndex link, LinkIndex? master);

    /// <summary>Moves the link into another namespace, optionally renaming it on the way (one request).</summary>
    public void MoveTo(LinkIndex link, NetworkNamespace target, LinkName? newName = null);

    /// <summary>Deletes the link (for a veth, both ends; its addresses and routes go with it).</summary>
    public void Delete(LinkIndex link);
}
