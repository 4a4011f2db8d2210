namespace Calico.Netlink.Tests.Infrastructure;

/// <summary>
/// A plain link for tests: this kernel has no dummy driver, so a veth pair inside one namespace (NAME and NAMEp),
/// both ends up by default so the link has carrier.
/// </summary>
internal static class TestLinks
{
    public static Link Create(IRouteNetlink netlink, LinkName name, bool up = true)
    {
        var link = netlink.Links.CreateVeth(new VethSpec(name, name.Value + "p") { Up = up });
        if (up)
        {
            netlink.Links.SetUp(netlink.Links.Get(name.Value + "p").Index);
        }

        return netlink.Links.Get(link.Index);
    }
}
