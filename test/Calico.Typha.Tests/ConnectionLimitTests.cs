using System.Net;
using System.Net.Sockets;
using Calico.Client.Syncing;
using Calico.Typha.Client;
using Calico.Typha.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>The upper limit refuses connections; static rebalancing sheds excess clients, which move to another Typha and stay in sync.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Connect_OverUpperLimit_Refused()
    {
        await using var store = await TestStore.CreateAsync();
        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { MaxConnectionsUpperLimit = 2 });
        var options = TestTypha.ClientOptions(typha.Address);
        await using var first = await TyphaConnection.ConnectAsync(typha.Address, SyncerType.Felix, options, CancellationToken.None);
        await using var second = await TyphaConnection.ConnectAsync(typha.Address, SyncerType.Felix, options, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<TyphaConnectionException>(() => TyphaConnection.ConnectAsync(typha.Address, SyncerType.Felix, options, CancellationToken.None));

        // Closed at accept: the client sees the end of the stream or a reset, depending on timing.
        Assert.Contains($"Typha {typha.Address}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, typha.Server.ActiveConnections);
        Assert.Contains("typha_connections_dropped_total{reason=\"limit\"} 1", typha.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticRebalancing_ShedClientsMoveToTheOtherTyphaAndStayInSync()
    {
        await using var store = await TestStore.CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            await store.Store.CreateAsync(Resources.PoolKey($"p{i}"), Resources.Pool($"p{i}", $"10.{i}.0.0/16"));
        }

        var shedding = TestTypha.FastOptions with { RebalancingMode = ConnectionRebalancingMode.Static, MaxConnectionsLowerLimit = 1, ConnectionDropInterval = TimeSpan.FromMilliseconds(200) };
        await using var a = await TestTypha.StartAsync(store, shedding);
        var bPort = FreePort();
        var bAddress = new TyphaAddress("127.0.0.1", bPort);
        // B is not running yet: every client ends up on A, which sheds all but one of them.
        var options = TestTypha.ClientOptions(a.Address, bAddress);
        var clients = Enumerable.Range(0, 3).Select(_ => new SyncState(new TyphaSyncSource(options, SyncerType.Felix, NullLogger.Instance, TimeProvider.System))).ToList();
        try
        {
            foreach (var client in clients)
            {
                await client.WaitForAsync(s => s.Count<InSync>() >= 1, "first in-sync");
            }

            await using var b = await TestTypha.StartAsync(store, TestTypha.FastOptions with { Port = bPort });
            await SyncStreamTests.WaitAsync(() => a.Server.ActiveConnections == 1 && b.Server.ActiveConnections == 2, "one client on A and two on B", TimeSpan.FromSeconds(30));
            await store.Store.CreateAsync(Resources.PoolKey("after"), Resources.Pool("after", "10.99.0.0/16"));

            foreach (var client in clients)
            {
                await client.WaitForStoreStateAsync(store, SyncerType.Felix);
            }

            Assert.True(clients.Count(c => c.Count<Resyncing>() >= 1) >= 2, "at least two clients were shed and resynced");
            Assert.Contains("typha_connections_dropped_total{reason=\"rebalance\"}", a.Metrics.Render(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
