using System.Buffers.Binary;
using Calico.Datastore;
using Calico.Typha.Protocol;

namespace Calico.Typha.Tests;

/// <summary>The framing and KV encoding: round trips, and malformed input refused with a ProtocolException.</summary>
public sealed class WireProtocolTests
{
    [Fact]
    public async Task KvBatch_RoundTrip_KeepsKeyRevisionAndRawText()
    {
        var set = KvEncoding.Encode(ResourceKey.Namespaced("NetworkPolicy", "app", "allow-ü"), 300, "{\"raw\":\"text ✓\"}");
        var delete = KvEncoding.Encode(ResourceKey.Cluster("IPPool", "p"), 301, value: null);
        var frame = new byte[TyphaProtocol.HeaderBytes + 1 + set.Length + delete.Length];
        var writer = new WireWriter(frame);
        writer.Header(MessageType.KvBatch, 1 + set.Length + delete.Length);
        writer.Varint(2);
        writer.Bytes(set);
        writer.Bytes(delete);

        var batch = Assert.IsType<KvBatch>(await ReadOneAsync(frame));

        Assert.Equal(new TyphaKv(ResourceKey.Namespaced("NetworkPolicy", "app", "allow-ü"), 300, "{\"raw\":\"text ✓\"}"), batch.Kvs[0]);
        Assert.Equal(new TyphaKv(ResourceKey.Cluster("IPPool", "p"), 301, null), batch.Kvs[1]);
    }

    [Fact]
    public async Task Read_FrameLongerThanTheLimit_Refused()
    {
        var frame = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(frame, TyphaProtocol.MaxFrameBytes + 1);

        var error = await Assert.ThrowsAsync<ProtocolException>(() => ReadOneAsync(frame));

        Assert.Contains("frame length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StringRunningPastTheFrame_Refused()
    {
        byte[] frame = [0, 0, 0, 4, (byte)MessageType.Goodbye, 1, 50, (byte)'x'];

        var error = await Assert.ThrowsAsync<ProtocolException>(() => ReadOneAsync(frame));

        Assert.Contains("runs past the end of the frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StreamEndsInsideAFrame_Refused()
    {
        var frame = ControlFrames.SyncStatus(inSync: true, 12345)[..^1];

        await Assert.ThrowsAsync<ProtocolException>(() => ReadOneAsync(frame));
    }

    [Fact]
    public async Task Read_UnknownType_Refused()
    {
        byte[] frame = [0, 0, 0, 1, 99];

        var error = await Assert.ThrowsAsync<ProtocolException>(() => ReadOneAsync(frame));

        Assert.Contains("unknown message type 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_LargeFrameThenSmallOnes_AllDecoded()
    {
        var big = new string('y', 100_000);
        var hello = ControlFrames.ClientHello("node", big, "felix");
        var stream = new MemoryStream([.. hello, .. ControlFrames.Pong.ToArray(), .. ControlFrames.SyncStatus(false, 7)]);
        var reader = new FrameReader(stream, 64, zeroByteReads: true);

        Assert.Equal(big, Assert.IsType<ClientHello>(await reader.ReadMessageAsync(CancellationToken.None)).ClientVersion);
        Assert.IsType<Pong>(await reader.ReadMessageAsync(CancellationToken.None));
        Assert.Equal(new SyncStatus(false, 7), await reader.ReadMessageAsync(CancellationToken.None));
        Assert.Null(await reader.ReadMessageAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Server_UnknownSyncerType_SaysGoodbyeRejected()
    {
        await using var store = await TestStore.CreateAsync();
        await using var typha = await TestTypha.StartAsync(store);
        await using var client = await RawClient.ConnectAsync(typha.Address.Port, syncer: "tunnel-ip-allocation");

        var goodbye = Assert.IsType<Goodbye>(await client.ReadAsync());

        Assert.Equal(GoodbyeReason.Rejected, goodbye.Reason);
        Assert.Contains("unknown syncer type \"tunnel-ip-allocation\"", goodbye.Detail, StringComparison.Ordinal);
        Assert.Null(await client.ReadAsync());
    }

    private static async Task<TyphaMessage?> ReadOneAsync(byte[] bytes) =>
        await new FrameReader(new MemoryStream(bytes), 16, zeroByteReads: false).ReadMessageAsync(CancellationToken.None);
}
