using System.Net;
using System.Net.Sockets;
using Calico.Client.Syncing;
using Calico.Typha.Client;
using Calico.Typha.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>Keepalives both ways: the server drops a client that stops answering pings; a client leaves a silent server.</summary>
public sealed class KeepaliveTests
{
    [Fact]
    public async Task ClientThatNeverPongs_IsDroppedAfterPongTimeout()
    {
        await using var store = await TestStore.CreateAsync();
        var options = TestTypha.FastOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromSeconds(1) };
        await using var typha = await TestTypha.StartAsync(store, options);
        await using var client = await RawClient.ConnectAsync(typha.Address.Port);

        var pings = 0;
        TyphaMessage? message;
        while ((message = await client.ReadAsync()) is not null)
        {
            pings += message is Ping ? 1 : 0;
        }

        Assert.True(pings >= 2, $"expected pings before the drop, saw {pings}");
        Assert.Contains("typha_connections_dropped_total{reason=\"ping-timeout\"} 1", typha.Metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientThatPongs_StaysConnectedPastPongTimeout()
    {
        await using var store = await TestStore.CreateAsync();
        // The pong timeout is generous against a loaded machine, and the test runs for twice it.
        var options = TestTypha.FastOptions with { PingInterval = TimeSpan.FromMilliseconds(100), PongTimeout = TimeSpan.FromSeconds(2) };
        await using var typha = await TestTypha.StartAsync(store, options);
        await using var client = await RawClient.ConnectAsync(typha.Address.Port);

        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(4))
        {
            var message = await client.ReadAsync();
            Assert.True(message is not null, $"the server closed the connection: {typha.Logs.Text}");
            if (message is Ping)
            {
                await client.PongAsync();
            }
        }

        Assert.Equal(1, typha.Server.ActiveConnections);
    }

    [Fact]
    public async Task ClientTakingItsSnapshotLongerThanPongTimeout_IsNotDropped()
    {
        // Thousands of clients sharing one Typha's bandwidth each take their snapshot slowly; none is pinged (nor owes
        // a pong) before its snapshot is out. Here a 6.4 MB snapshot through a small receive buffer, read only after
        // more than twice the pong timeout.
        await using var store = await TestStore.CreateAsync();
        await SyncStreamTests.WriteLargeAsync(store, rounds: 1);
        var options = TestTypha.FastOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromSeconds(1) };
        await using var typha = await TestTypha.StartAsync(store, options);
        await using var client = await RawClient.ConnectAsync(typha.Address.Port, receiveBuffer: 64 * 1024);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var inSync = false;
        var pings = 0;
        var afterSync = DateTime.MaxValue;
        while (DateTime.UtcNow - afterSync < TimeSpan.FromSeconds(2))
        {
            var message = await client.ReadAsync();
            Assert.True(message is not null, $"the server closed the connection: {typha.Logs.Text}");
            if (message is SyncStatus { InSync: true } && !inSync)
            {
                inSync = true;
                afterSync = DateTime.UtcNow;
            }
            else if (message is Ping)
            {
                Assert.True(inSync, "pinged before the snapshot was out");
                pings++;
                await client.PongAsync();
            }
        }

        Assert.True(pings >= 2, $"expected pings once in sync, saw {pings}");
        Assert.DoesNotContain("reason=\"ping-timeout\"", typha.Metrics.Render(), StringComparison.Ordinal);
        Assert.Equal(1, typha.Server.ActiveConnections);
    }

    [Fact]
    public async Task SilentServer_ClientReconnectsAndResyncs()
    {
        // A server that says hello and in-sync, then goes silent (never pings).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(async () =>
        {
            var sockets = new List<Socket>();
            try
            {
                while (true)
                {
                    var socket = await listener.AcceptSocketAsync(stop.Token);
                    sockets.Add(socket);
                    Interlocked.Increment(ref accepted);
                    using var stream = new NetworkStream(socket, ownsSocket: false);
                    var reader = new FrameReader(stream, 1024, zeroByteReads: false);
                    Assert.IsType<ClientHello>(await reader.ReadMessageAsync(stop.Token));
                    await stream.WriteAsync(ControlFrames.ServerHello("silent"), stop.Token);
                    await stream.WriteAsync(ControlFrames.SyncStatus(inSync: true, 7), stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                sockets.ForEach(s => s.Dispose());
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = TestTypha.ClientOptions(new TyphaAddress("127.0.0.1", port)) with { ReadTimeout = TimeSpan.FromMilliseconds(700) };

        await using (var client = new SyncState(new TyphaSyncSource(options, SyncerType.Felix, NullLogger.Instance, TimeProvider.System)))
        {
            await client.WaitForAsync(s => s.Count<InSync>() >= 2, "a second in-sync after reconnecting");

            var resync = Assert.IsType<Resyncing>(client.Updates[1]);
            Assert.Contains("sent nothing for 0.7s", resync.Reason, StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        listener.Stop();
        await serve;
        Assert.True(accepted >= 2);
    }
}
