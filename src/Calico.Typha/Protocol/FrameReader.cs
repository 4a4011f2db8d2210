using System.Buffers;
using System.Buffers.Binary;

namespace Calico.Typha.Protocol;

/// <summary>
/// Reads whole frames from a stream into one buffer that starts small, grows for a large frame and drops back to its
/// initial size afterwards, so a connection keeps only <c>initialBytes</c> between frames. With
/// <c>zeroByteReads</c> it first waits for data with a zero-byte read, so neither it nor an <see cref="System.Net.Security.SslStream"/>
/// underneath holds a buffer while the peer is quiet; its buffer is then rented from the shared pool when data comes and
/// returned when everything is consumed (thousands of mostly idle connections share a few buffers, and a wake-up
/// allocates nothing).
/// </summary>
internal sealed class FrameReader(Stream stream, int initialBytes, bool zeroByteReads)
{
    private byte[] _buffer = zeroByteReads ? [] : new byte[initialBytes];
    private int _start;
    private int _end;

    /// <summary>The next frame's type and body (valid until the next call), or null at a clean end of stream.</summary>
    public async ValueTask<(MessageType Type, ReadOnlyMemory<byte> Body)?> ReadAsync(CancellationToken ct)
    {
        if (_start == _end)
        {
            // Nothing buffered: drop a buffer grown for a large frame, and with zero-byte reads hold none while waiting.
            _start = _end = 0;
            if (zeroByteReads)
            {
                ReturnBuffer();
                await stream.ReadAsync(Memory<byte>.Empty, ct).ConfigureAwait(false);
            }
            else if (_buffer.Length > initialBytes)
            {
                _buffer = new byte[initialBytes];
            }
        }

        if (!await FillAsync(4, ct).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start, 4));
        if (length is 0 or > TyphaProtocol.MaxFrameBytes)
        {
            throw new ProtocolException($"frame length {length} is not between 1 and {TyphaProtocol.MaxFrameBytes}");
        }

        if (!await FillAsync(4 + (int)length, ct).ConfigureAwait(false))
        {
            throw new ProtocolException("connection closed in the middle of a frame");
        }

        var type = (MessageType)_buffer[_start + 4];
        var body = new ReadOnlyMemory<byte>(_buffer, _start + 5, (int)length - 1);
        _start += 4 + (int)length;
        return (type, body);
    }

    /// <summary>Reads and decodes the next frame, or null at a clean end of stream.</summary>
    public async ValueTask<TyphaMessage?> ReadMessageAsync(CancellationToken ct)
    {
        var frame = await ReadAsync(ct).ConfigureAwait(false);
        return frame is { } f ? MessageParser.Parse(f.Type, f.Body.Span) : null;
    }

    /// <summary>With zero-byte reads every non-empty buffer is rented: give it back and hold none.</summary>
    private void ReturnBuffer()
    {
        if (zeroByteReads && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }

    /// <summary>Makes <paramref name="needed"/> bytes available from <c>_start</c>; false at a clean end of stream before any byte.</summary>
    private async ValueTask<bool> FillAsync(int needed, CancellationToken ct)
    {
        while (_end - _start < needed)
        {
            if (_start + needed > _buffer.Length)
            {
                var size = Math.Max(needed, initialBytes);
                var target = size <= _buffer.Length ? _buffer : zeroByteReads ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
                Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
                _end -= _start;
                _start = 0;
                if (!ReferenceEquals(target, _buffer))
                {
                    ReturnBuffer();
                }

                _buffer = target;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return _end == _start ? false : throw new ProtocolException("connection closed in the middle of a frame");
            }

            _end += read;
        }

        return true;
    }
}
