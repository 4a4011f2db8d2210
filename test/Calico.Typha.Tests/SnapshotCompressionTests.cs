using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Calico.Client.Syncing;
using Calico.Typha.Client;
using Calico.Typha.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>
/// Snapshot compression (protocol 2): negotiated in the hellos; the snapshot compressed once and shared by the clients
/// that join while it is fresh; the same content as the plain snapshot; corrupt data refused.
/// </summary>
public sealed class SnapshotCompressionTests
{
    [Fact]
    public async Task ClientOfferingDeflate_GetsCompressedSnapshot_SameKvsAsPlainClient_AndSmaller()
    {
        await using var store = await TestStore.CreateAsync();
        for (var i = 0; i < 400; i++)
        {
            await store.Store.CreateAsync(Resources.PoolKey($"p{i}"), Resources.Pool($"p{i}", $"10.{i / 256}.{i % 256}.0/24"));
        }

        await using var typha = await TestTypha.StartAsync(store);
        await typha.WaitInSyncAsync();
        await using var compressedClient = await RawClient.ConnectAsync(typha.Address.Port, acceptedCompression: SnapshotCompression.Deflate);
        await using var plainClient = await RawClient.ConnectAsync(typha.Address.Port);

        Assert.Equal(SnapshotCompression.Deflate, Assert.IsType<ServerHello>(await compressedClient.ReadAsync()).Compression);
        var compressed = new List<TyphaKv>();
        long compressedBytes = 0;
        TyphaMessage? message;
        while ((message = await compressedClient.ReadAsync()) is CompressedFrames frames)
        {
            compressedBytes += frames.Deflated.Length;
            compressed.AddRange(frames.Inflate().SelectMany(b => b.Kvs));
        }

        Assert.True(Assert.IsType<SyncStatus>(message).InSync);

        Assert.Equal(string.Empty, Assert.IsType<ServerHello>(await plainClient.ReadAsync()).Compression);
        var plain = new List<TyphaKv>();
        long plainBytes = 0;
        while ((message = await plainClient.ReadAsync()) is KvBatch batch)
        {
            plain.AddRange(batch.Kvs);
            plainBytes += batch.Kvs.Sum(kv => kv.Value!.Length + kv.Key.Name.Length);
        }

        Assert.True(Assert.IsType<SyncStatus>(message).InSync);
        Assert.Equal(400, compressed.Count);
        Assert.Equal(plain.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal), compressed.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal));
        Assert.True(compressedBytes * 3 < plainBytes, $"compressed {compressedBytes} bytes vs plain {plainBytes}");

        // Deltas come plain to both.
        await store.Store.UpdateAsync(Resources.PoolKey("p1"), Resources.Pool("p1", "10.200.1.0/24"), null);
        Assert.Equal("p1", Assert.Single(Assert.IsType<KvBatch>(await compressedClient.ReadAsync()).Kvs).Key.Name);
        Assert.Equal("p1", Assert.Single(Assert.IsType<KvBatch>(await plainClient.ReadAsync()).Kvs).Key.Name);
    }

    [Fact]
    public async Task ClientsJoiningWithinReuseWindow_ShareOneCompression_AndCatchUpFromIt()
    {
        await using var store = await TestStore.CreateAsync();
        for (var i = 0; i < 50; i++)
        {
            await store.Store.CreateAsync(Resources.NetworkSetKey($"s{i}"), Resources.NetworkSet($"s{i}", $"10.0.{i}.0/24"));
        }

        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { SnapshotReuse = TimeSpan.FromHours(1) });
        await typha.WaitInSyncAsync();
        var cache = typha.Server.CacheFor(SyncerType.Felix);
        await using (var first = new SyncState(typha.Client()))
        await using (var second = new SyncState(typha.Client()))
        {
            await first.WaitForStoreStateAsync(store, SyncerType.Felix);
            await second.WaitForStoreStateAsync(store, SyncerType.Felix);
        }

        Assert.Equal(1, cache.SnapshotsCompressed);

        // Changes after the compressed snapshot: a joining client takes the old one and catches up from its crumb.
        await store.Store.DeleteAsync(Resources.NetworkSetKey("s3"));
        await store.Store.UpdateAsync(Resources.NetworkSetKey("s4"), Resources.NetworkSet("s4", "10.9.9.0/24"), null);
        await store.Store.CreateAsync(Resources.NetworkSetKey("late"), Resources.NetworkSet("late", "10.8.0.0/24"));
        await WaitAsync(() => cache.Current.Snapshot.ContainsKey(Resources.NetworkSetKey("late")));
        await using (var late = new SyncState(typha.Client()))
        {
            await late.WaitForStoreStateAsync(store, SyncerType.Felix);
            Assert.Equal(1, late.Count<InSync>());

            // It was caught up to where it joined before it was told it is in sync.
            Assert.IsType<InSync>(late.Updates[^1]);
        }

        Assert.Equal(1, cache.SnapshotsCompressed);
        Assert.True(cache.CompressedSnapshotBytes > 0);
    }

    [Fact]
    public async Task StaleCompressedSnapshot_IsRebuiltFromTheCurrentCrumb()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.NetworkSetKey("a"), Resources.NetworkSet("a", "10.0.1.0/24"));
        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { SnapshotReuse = TimeSpan.Zero });
        await typha.WaitInSyncAsync();
        var cache = typha.Server.CacheFor(SyncerType.Felix);
        await using (var first = new SyncState(typha.Client()))
        {
            await first.WaitForStoreStateAsync(store, SyncerType.Felix);
        }

        await using (var unchanged = new SyncState(typha.Client()))
        {
            await unchanged.WaitForStoreStateAsync(store, SyncerType.Felix);
        }

        Assert.Equal(1, cache.SnapshotsCompressed);
        await store.Store.CreateAsync(Resources.NetworkSetKey("b"), Resources.NetworkSet("b", "10.0.2.0/24"));
        await WaitAsync(() => cache.Current.Snapshot.Count == 2);
        await using (var afterChange = new SyncState(typha.Client()))
        {
            await afterChange.WaitForStoreStateAsync(store, SyncerType.Felix);
        }

        Assert.Equal(2, cache.SnapshotsCompressed);
    }

    [Fact]
    public async Task ServerWithCompressionOff_SendsPlainSnapshot_ToAClientOfferingDeflate()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("a"), Resources.Pool("a", "10.1.0.0/16"));
        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { CompressSnapshots = false });
        await typha.WaitInSyncAsync();
        await using var client = await RawClient.ConnectAsync(typha.Address.Port, acceptedCompression: SnapshotCompression.Deflate);

        Assert.Equal(string.Empty, Assert.IsType<ServerHello>(await client.ReadAsync()).Compression);
        Assert.Equal("a", Assert.Single(Assert.IsType<KvBatch>(await client.ReadAsync()).Kvs).Key.Name);
        Assert.Equal(0, typha.Server.CacheFor(SyncerType.Felix).SnapshotsCompressed);
    }

    [Fact]
    public async Task Version1Hello_IsRefusedWithAGoodbye()
    {
        await using var store = await TestStore.CreateAsync();
        await using var typha = await TestTypha.StartAsync(store);

        // A version 1 hello has no compression field.
        await using var old = await RawClient.ConnectRawAsync(typha.Address.Port, Version1Hello("old-node", "felix"));
        var goodbye = Assert.IsType<Goodbye>(await old.ReadAsync());
        Assert.Equal(GoodbyeReason.Rejected, goodbye.Reason);
        Assert.Contains("protocol version 1 is not 2", goodbye.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("short")]
    [InlineData("long")]
    [InlineData("not-a-batch")]
    public void CorruptCompressedFrames_AreAProtocolError(string corruption)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new KvBatchFrameWriter(output, 10, 1000);
        writer.Add(KvEncoding.Encode(Resources.PoolKey("a"), 3, Resources.Pool("a", "10.1.0.0/16")));
        writer.Flush();
        var frames = corruption == "not-a-batch" ? ControlFrames.SyncStatus(true, 3) : output.WrittenSpan.ToArray();
        var frame = SnapshotCompression.Compress(frames, CompressionLevel.Fastest);
        var parsed = Assert.IsType<CompressedFrames>(MessageParser.Parse(MessageType.CompressedFrames, frame.AsSpan(TyphaProtocol.HeaderBytes)));
        var deflated = parsed.Deflated.ToArray();
        var message = corruption switch
        {
            "garbage" => parsed with { Deflated = Enumerable.Repeat((byte)0xff, deflated.Length).ToArray() },
            "short" => parsed with { InflatedBytes = parsed.InflatedBytes + 10 },
            "long" => parsed with { InflatedBytes = parsed.InflatedBytes - 10 },
            _ => parsed,
        };

        Assert.Throws<ProtocolException>(() => message.Inflate());
    }

    [Fact]
    public async Task CompressedFramesFromAServerThatChoseNone_FailTheConnection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new FrameReader(stream, 1024, zeroByteReads: false);
            Assert.Equal(SnapshotCompression.Deflate, Assert.IsType<ClientHello>(await reader.ReadMessageAsync(CancellationToken.None)).AcceptedCompression);
            await stream.WriteAsync(ControlFrames.ServerHello("rogue", compression: string.Empty));
            await stream.WriteAsync(SnapshotCompression.Compress(ControlFrames.SyncStatus(true, 1), CompressionLevel.Fastest));
            await Task.Delay(2000);
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var connection = await TyphaConnection.ConnectAsync(new TyphaAddress("127.0.0.1", port), SyncerType.Felix, TestTypha.ClientOptions(new TyphaAddress("127.0.0.1", port)), CancellationToken.None);

        Assert.Equal(string.Empty, connection.Compression);
        var error = await Assert.ThrowsAsync<TyphaConnectionException>(async () => await connection.ReadAsync());
        Assert.Contains("server that chose no compression", error.Message, StringComparison.Ordinal);
        await serve;
    }

    private static byte[] Version1Hello(string hostname, string syncer)
    {
        var body = new List<byte> { 1 };
        foreach (var text in new[] { hostname, "old", syncer })
        {
            body.Add((byte)text.Length);
            body.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
        }

        var frame = new byte[5 + body.Count];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(body.Count + 1));
        frame[4] = (byte)MessageType.ClientHello;
        body.CopyTo(frame, 5);
        return frame;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
