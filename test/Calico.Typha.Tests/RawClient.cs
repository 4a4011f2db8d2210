using System.Net.Sockets;
using Calico.Typha.Protocol;

namespace Calico.Typha.Tests;

/// <summary>A hand-driven protocol client: sends a hello, then reads frames; answers pings only if told to.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly FrameReader _reader;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new FrameReader(_stream, 4096, zeroByteReads: false);
    }

    /// <param name="port">The Typha's port on 127.0.0.1.</param>
    /// <param name="receiveBuffer">A small receive buffer makes a client that stops reading fall behind sooner.</param>
    /// <param name="acceptedCompression">What the hello offers (<see cref="SnapshotCompression.Deflate"/>); none by default, so the snapshot comes plain.</param>
    public static async Task<RawClient> ConnectAsync(int port, int? receiveBuffer = null, string syncer = "felix", string acceptedCompression = "")
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync("127.0.0.1", port);
        var client = new RawClient(socket);
        await client._stream.WriteAsync(ControlFrames.ClientHello("raw", "test", syncer, acceptedCompression));
        return client;
    }

    /// <summary>Connects and sends <paramref name="hello"/> as it is (a hand-made frame).</summary>
    public static async Task<RawClient> ConnectRawAsync(int port, byte[] hello)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        var client = new RawClient(socket);
        await client._stream.WriteAsync(hello);
        return client;
    }

    /// <summary>The next message (pings included), or null at end of stream; throws on timeout.</summary>
    public async Task<TyphaMessage?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _reader.ReadMessageAsync(cts.Token);
    }

    public async Task PongAsync() => await _stream.WriteAsync(ControlFrames.Pong);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
