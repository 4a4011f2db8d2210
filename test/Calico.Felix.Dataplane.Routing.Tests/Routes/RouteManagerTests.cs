using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Routes;
using Calico.Felix.Dataplane.Routing.Tests.Infrastructure;
using Calico.Netlink;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Routing.Tests.Routes;

public sealed class RouteManagerTests
{
    private static readonly Cidr PodA = Cidr.Parse("10.65.0.2/32");
    private static readonly Cidr PodB = Cidr.Parse("10.65.0.3/32");
    private static readonly Cidr PodA6 = Cidr.Parse("fd00:65::2/128");

    private readonly FakeRouteNetlink _kernel = new();
    private readonly RouteManager _manager;

    public RouteManagerTests() => _manager = new RouteManager(_kernel);

    [Fact]
    public async Task CompleteDeferredWork_EndpointAdded_WritesScopeLinkRouteWithBootProtocolInMainTable()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA, PodA6));

        await PassAsync();

        foreach (var destination in new[] { PodA, PodA6 })
        {
            var route = _kernel.RouteTo(destination);
            Assert.NotNull(route);
            Assert.Equal("cali1111", _kernel.DeviceOf(route));
            Assert.Equal(RouteScope.Link, route.Scope);
            Assert.Equal(RouteProtocol.Boot, route.Protocol);
            Assert.Equal(RouteTable.Main, route.Table);
            Assert.Null(route.Gateway);
        }

        Assert.Equal(2, _manager.LastResult.RoutesWritten);
        Assert.Equal(0, _manager.LastResult.Errors);
        Assert.Equal(0, _manager.LastResult.PendingRoutes);
    }

    [Fact]
    public async Task CompleteDeferredWork_EndpointAdded_SetsProxyArpAndForwardingAndIPv6Settings()
    {
        _kernel.AddLink("cali1111");
        _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA, PodA6));
        _manager.OnUpdate(Endpoint("b", "cali2222", PodB));

        await PassAsync();

        Assert.Equal(1, _kernel.Setting("cali1111", nameof(IPv4DeviceSetting.ProxyArp)));
        Assert.Equal(1, _kernel.Setting("cali1111", nameof(IPv4DeviceSetting.Forwarding)));
        Assert.Equal(0, _kernel.Setting("cali1111", "v6" + nameof(IPv6DeviceSetting.AcceptRa)));
        Assert.Equal(1, _kernel.Setting("cali1111", "v6" + nameof(IPv6DeviceSetting.Forwarding)));
        Assert.Equal(1, _kernel.Setting("cali2222", nameof(IPv4DeviceSetting.ProxyArp)));
        Assert.DoesNotContain(_kernel.Requests, r => r.StartsWith("set ipv6 cali2222", StringComparison.Ordinal));
        Assert.Equal(2, _manager.LastResult.InterfacesConfigured);
    }

    [Fact]
    public async Task CompleteDeferredWork_RouteAndSettingsAlreadyAsTheCniPluginLeftThem_WritesNothing()
    {
        var link = _kernel.AddLink("cali1111");
        _kernel.Seed(new Route(PodA) { Link = link.Index, Scope = RouteScope.Link });   // the plugin's route: protocol unset = boot
        _kernel.SetSetting("cali1111", nameof(IPv4DeviceSetting.ProxyArp), 1);
        _kernel.SetSetting("cali1111", nameof(IPv4DeviceSetting.Forwarding), 1);
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(new DatastoreInSync());

        await PassAsync();

        Assert.DoesNotContain(_kernel.Requests, r => r.StartsWith("replace", StringComparison.Ordinal) || r.StartsWith("set", StringComparison.Ordinal) || r.StartsWith("delete", StringComparison.Ordinal));
        Assert.Equal(0, _manager.LastResult.RoutesWritten);
        Assert.Equal(0, _manager.LastResult.InterfacesConfigured);
        Assert.Single(_kernel.AllRoutes);
    }

    [Fact]
    public async Task CompleteDeferredWork_NothingChanged_MakesNoKernelRequests()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        await PassAsync();
        _kernel.Requests.Clear();

        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));   // the same endpoint again
        await PassAsync();

        Assert.Empty(_kernel.Requests);
        Assert.Equal(0, _manager.LastResult.Resyncs);
        Assert.False(_manager.HasPendingWork);
    }

    [Fact]
    public async Task EndpointRemoved_BeforeInSync_RouteKeptUntilInSync()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        await PassAsync();

        _manager.OnUpdate(new WorkloadEndpointRemove(Id("a")));
        await PassAsync();
        Assert.NotNull(_kernel.RouteTo(PodA));

        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();
        Assert.Null(_kernel.RouteTo(PodA));
        Assert.Equal(1, _manager.LastResult.RoutesDeleted);
        Assert.Equal(1, _manager.LastResult.Resyncs);
    }

    [Fact]
    public async Task EndpointRemoved_AfterInSync_RouteDeletedOnTheNextPass()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(Endpoint("b", "cali1111", PodB));
        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();

        _manager.OnUpdate(new WorkloadEndpointRemove(Id("a")));
        await PassAsync();

        Assert.Null(_kernel.RouteTo(PodA));
        Assert.NotNull(_kernel.RouteTo(PodB));
        Assert.Equal(0, _manager.LastResult.Resyncs);
    }

    [Fact]
    public async Task StaleRoutesAtStart_SweptOnlyAfterInSync_ForeignRoutesLeftAlone()
    {
        var cali = _kernel.AddLink("cali1111");
        var eth0 = _kernel.AddLink("eth0");
        _kernel.Seed(new Route(PodA) { Link = cali.Index, Scope = RouteScope.Link });                                     // ours, stale
        _kernel.Seed(new Route(PodB) { Link = cali.Index, Scope = RouteScope.Link, Protocol = RouteProtocol.Static });    // someone else's protocol
        _kernel.Seed(new Route(Cidr.Parse("10.65.0.4/32")) { Link = eth0.Index, Scope = RouteScope.Link });              // not a workload interface
        _kernel.Seed(new Route(Cidr.Parse("10.65.0.5/32")) { Link = cali.Index, Scope = RouteScope.Link, Table = new RouteTable(100) });

        await PassAsync();
        Assert.Equal(4, _kernel.AllRoutes.Count);
        Assert.Equal(0, _manager.LastResult.RoutesDeleted);

        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();

        Assert.Null(_kernel.RouteTo(PodA));
        Assert.Equal(3, _kernel.AllRoutes.Count);
        Assert.Equal(1, _manager.LastResult.RoutesDeleted);
    }

    [Fact]
    public async Task StaleRoute_WithAnotherMetricBesideTheDesiredOne_DeletedAfterInSync()
    {
        var cali = _kernel.AddLink("cali1111");
        _kernel.Seed(new Route(PodA) { Link = cali.Index, Scope = RouteScope.Link, Metric = 50 });
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(new DatastoreInSync());

        await PassAsync();

        var route = Assert.Single(_kernel.AllRoutes);
        Assert.Null(route.Metric);
    }

    [Fact]
    public async Task InterfaceMissing_OthersProgrammed_RetriedOnTheNextPassWithoutError()
    {
        _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(Endpoint("b", "cali2222", PodB));

        await PassAsync();
        Assert.Null(_kernel.RouteTo(PodA));
        Assert.NotNull(_kernel.RouteTo(PodB));
        Assert.Equal(new RouteSyncResult { Resyncs = 1, RoutesWritten = 1, InterfacesConfigured = 1, PendingRoutes = 1, MissingInterfaces = 1 }, _manager.LastResult);

        Assert.True(_manager.HasPendingWork);
        await PassAsync();
        Assert.Equal(1, _manager.LastResult.MissingInterfaces);

        _kernel.AddLink("cali1111");
        await PassAsync();
        Assert.Equal("cali1111", _kernel.DeviceOf(_kernel.RouteTo(PodA)!));
        Assert.Equal(1, _kernel.Setting("cali1111", nameof(IPv4DeviceSetting.ProxyArp)));
        Assert.Equal(0, _manager.LastResult.PendingRoutes);
        Assert.Equal(0, _manager.LastResult.MissingInterfaces);
        Assert.Equal(0, _manager.Totals.Errors);
        Assert.False(_manager.HasPendingWork);
    }

    [Fact]
    public async Task RouteWriteFails_CountedAndRetried_OtherEndpointsProgrammed()
    {
        _kernel.AddLink("cali1111");
        _kernel.AddLink("cali2222");
        _kernel.FailWrites.Add(PodA);
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(Endpoint("b", "cali2222", PodB));

        await PassAsync();
        Assert.Equal(1, _manager.LastResult.Errors);
        Assert.Equal(1, _manager.LastResult.PendingRoutes);
        Assert.NotNull(_kernel.RouteTo(PodB));

        _kernel.FailWrites.Clear();
        await PassAsync();
        Assert.NotNull(_kernel.RouteTo(PodA));
        Assert.Equal(0, _manager.LastResult.Errors);
        Assert.Equal(1, _manager.Totals.Errors);
        Assert.Equal(2, _manager.Totals.RoutesWritten);
    }

    [Fact]
    public async Task KernelUnreadable_CountedNotThrown_ResyncRetried()
    {
        _kernel.AddLink("cali1111");
        _kernel.FailLists = true;
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));

        await PassAsync();
        Assert.Equal(1, _manager.LastResult.Errors);
        Assert.Null(_kernel.RouteTo(PodA));

        _kernel.FailLists = false;
        await PassAsync();
        Assert.Equal(1, _manager.LastResult.Resyncs);
        Assert.NotNull(_kernel.RouteTo(PodA));
    }

    [Fact]
    public async Task Resync_RouteDeletedOrChangedBehindTheManagersBack_Repaired()
    {
        _kernel.AddLink("cali1111");
        var other = _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(Endpoint("b", "cali1111", PodB));
        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();

        _kernel.Drop(PodA);
        _kernel.Replace(new Route(PodB) { Link = other.Index, Scope = RouteScope.Link });
        _kernel.SetSetting("cali1111", nameof(IPv4DeviceSetting.ProxyArp), 0);
        await PassAsync();
        Assert.Null(_kernel.RouteTo(PodA));   // an incremental pass trusts its own record

        await _manager.ResyncAsync(CancellationToken.None);

        Assert.Equal("cali1111", _kernel.DeviceOf(_kernel.RouteTo(PodA)!));
        Assert.Equal("cali1111", _kernel.DeviceOf(_kernel.RouteTo(PodB)!));
        Assert.Equal(1, _kernel.Setting("cali1111", nameof(IPv4DeviceSetting.ProxyArp)));
        Assert.Equal(new RouteSyncResult { Resyncs = 1, RoutesWritten = 2, InterfacesConfigured = 1 }, _manager.LastResult);
    }

    [Fact]
    public async Task RequestResync_NextPassRereadsTheKernel()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        await PassAsync();
        _kernel.Drop(PodA);

        _manager.RequestResync();
        await PassAsync();

        Assert.NotNull(_kernel.RouteTo(PodA));
        Assert.Equal(1, _manager.LastResult.Resyncs);
    }

    [Fact]
    public async Task EndpointMovedToAnotherInterface_RouteFollows()
    {
        _kernel.AddLink("cali1111");
        _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();

        _manager.OnUpdate(Endpoint("a", "cali2222", PodA));
        await PassAsync();

        var route = Assert.Single(_kernel.AllRoutes);
        Assert.Equal("cali2222", _kernel.DeviceOf(route));
    }

    [Fact]
    public async Task TwoEndpointsClaimOneAddress_FirstExistingInterfaceByNameWins_OtherTakesOverWhenItGoes()
    {
        _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("old", "cali1111", PodA));   // its veth is already gone
        _manager.OnUpdate(Endpoint("new", "cali2222", PodA));
        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();
        Assert.Equal("cali2222", _kernel.DeviceOf(_kernel.RouteTo(PodA)!));

        _kernel.AddLink("cali1111");
        await PassAsync();
        Assert.Equal("cali1111", _kernel.DeviceOf(_kernel.RouteTo(PodA)!));

        _manager.OnUpdate(new WorkloadEndpointRemove(Id("old")));
        await PassAsync();
        Assert.Equal("cali2222", _kernel.DeviceOf(Assert.Single(_kernel.AllRoutes)));
    }

    [Fact]
    public async Task InterfaceRecreated_ResyncRewritesRouteAndSettings()
    {
        _kernel.AddLink("cali1111");
        _manager.OnUpdate(Endpoint("a", "cali1111", PodA));
        await PassAsync();

        _kernel.RemoveLink("cali1111");
        _kernel.AddLink("cali1111");
        await _manager.ResyncAsync(CancellationToken.None);

        Assert.NotNull(_kernel.RouteTo(PodA));
        Assert.Equal(1, _kernel.Setting("cali1111", nameof(IPv4DeviceSetting.ProxyArp)));
    }

    [Fact]
    public async Task Options_PrefixAndProtocol_UsedToWriteAndToRecogniseRoutes()
    {
        var manager = new RouteManager(_kernel, new RouteManagerOptions { InterfacePrefixes = ["tap"], DeviceRouteProtocol = (RouteProtocol)80 });
        var tap = _kernel.AddLink("tap1");
        var cali = _kernel.AddLink("cali1111");
        _kernel.Seed(new Route(PodB) { Link = tap.Index, Scope = RouteScope.Link });                                       // boot: not ours
        _kernel.Seed(new Route(Cidr.Parse("10.65.0.9/32")) { Link = cali.Index, Scope = RouteScope.Link, Protocol = (RouteProtocol)80 });   // not our prefix
        _kernel.Seed(new Route(Cidr.Parse("10.65.0.8/32")) { Link = tap.Index, Scope = RouteScope.Link, Protocol = (RouteProtocol)80 });    // ours, stale
        manager.OnUpdate(Endpoint("a", "tap1", PodA));
        manager.OnUpdate(new DatastoreInSync());

        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        Assert.Equal((RouteProtocol)80, _kernel.RouteTo(PodA)!.Protocol);
        Assert.NotNull(_kernel.RouteTo(PodB));
        Assert.NotNull(_kernel.RouteTo(Cidr.Parse("10.65.0.9/32")));
        Assert.Null(_kernel.RouteTo(Cidr.Parse("10.65.0.8/32")));
    }

    [Fact]
    public async Task EndpointWithInvalidInterfaceName_IgnoredWithoutFailingOthers()
    {
        _kernel.AddLink("cali2222");
        _manager.OnUpdate(Endpoint("a", "a-name-far-too-long-for-linux", PodA));
        _manager.OnUpdate(Endpoint("b", "cali2222", PodB));

        await PassAsync();

        Assert.NotNull(_kernel.RouteTo(PodB));
        Assert.Single(_kernel.AllRoutes);
        Assert.Equal(0, _manager.LastResult.Errors);
    }

    [Fact]
    public void Constructor_NoPrefix_Throws() =>
        Assert.Throws<ArgumentException>(() => new RouteManager(_kernel, new RouteManagerOptions { InterfacePrefixes = [] }));

    private ValueTask PassAsync() => _manager.CompleteDeferredWorkAsync(CancellationToken.None);

    private static EndpointId Id(string name) => EndpointId.Workload("default", name);

    private static WorkloadEndpointUpdate Endpoint(string name, string interfaceName, params Cidr[] networks) =>
        new(Id(name), interfaceName, networks, [], [], []);
}
