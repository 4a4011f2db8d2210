using System.Net;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Scenarios;

/// <summary>Proves the library only touches the namespaces it is given: the root namespace is read (ip -j) before and after, never written.</summary>
[Collection(KernelCollection.Name)]
public sealed class RootNamespaceTests
{
    [RootFact]
    public void EveryOperation_InTestNamespaces_LeavesRootNamespaceUnchanged()
    {
        var before = RootNamespaceSnapshot.Take();

        using (var host = TestNamespace.Create("nl", "rootcheck-node"))
        using (var pod = TestNamespace.Create("nl", "rootcheck-pod"))
        using (var other = TestNamespace.Create("nl", "rootcheck-other"))
        {
            CalicoWorkload.AddUplink(host.Netlink, IPAddress.Parse("198.18.0.1"));
            var veth = CalicoWorkload.Plumb(host.Netlink, pod.Netlink, "calirootcheck", IPAddress.Parse("10.65.0.9"));
            var vxlan = host.Netlink.Links.CreateVxlan(new VxlanSpec("vxlan.calico", 4096) { Local = IPAddress.Parse("198.18.0.1"), Up = true });
            host.Netlink.Neighbours.ReplaceFdb(new FdbEntry(vxlan.Index, MacAddress.Parse("66:00:00:00:00:02")) { Destination = IPAddress.Parse("198.18.0.2") });
            host.Netlink.Neighbours.Replace(new Neighbour(vxlan.Index, IPAddress.Parse("10.65.1.0"), MacAddress.Parse("66:00:00:00:00:02")));
            var dummy = TestLinks.Create(host.Netlink, "tomove", up: false);
            host.Netlink.Links.MoveTo(dummy.Index, other.Handle, "moved");
            Assert.Throws<NetlinkException>(() => host.Netlink.Links.CreateBridge("vxlan.calico"));
            host.Netlink.Links.SetDown(veth.Index);
            host.Netlink.Links.Rename(veth.Index, "renamed");
            host.Netlink.Links.Delete(veth.Index);
        }

        var after = RootNamespaceSnapshot.Take();
        Assert.Equal(before.Text, after.Text);
    }
}
