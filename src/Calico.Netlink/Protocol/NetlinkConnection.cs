using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Calico.Netlink.Interop;
using Microsoft.Win32.SafeHandles;

namespace Calico.Netlink.Protocol;

/// <summary>
/// One NETLINK_ROUTE socket and its request/reply loop. The socket belongs to the network namespace it was created
/// in (see <see cref="Open"/>), whichever thread later uses it. Requests are serialised by a lock; each carries a
/// fresh sequence number and replies with another number (left over from an abandoned request) are dropped.
/// </summary>
internal sealed unsafe class NetlinkConnection : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private const int MaxDumpAttempts = 10;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly SafeFileHandle _socket;
    private readonly Lock _gate = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private uint _sequence;

    private NetlinkConnection(SafeFileHandle socket)
    {
        _socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Creates the socket in the calling thread's network namespace.</summary>
    public static NetlinkConnection Open()
    {
        var fd = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.SockCloexec, LibC.NetlinkRoute);
        if (fd < 0)
        {
            throw LastError("open rtnetlink socket");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var one = 1;
            // Extended acks carry the kernel's reason text; capped acks do not echo the request back.
            _ = LibC.SetSockOpt(fd, LibC.SolNetlink, LibC.NetlinkExtAck, &one, sizeof(int));
            _ = LibC.SetSockOpt(fd, LibC.SolNetlink, LibC.NetlinkCapAck, &one, sizeof(int));
            var timeout = new TimeVal { Seconds = (nint)ReplyTimeout.TotalSeconds };
            if (LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoRcvTimeo, &timeout, (uint)sizeof(TimeVal)) != 0)
            {
                throw LastError("set rtnetlink socket receive timeout");
            }

            var address = new SockaddrNetlink { Family = LibC.AfNetlink };
            if (LibC.Bind(fd, &address, (uint)sizeof(SockaddrNetlink)) != 0)
            {
                throw LastError("bind rtnetlink socket");
            }

            return new NetlinkConnection(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request with NLM_F_ACK and waits for the acknowledgement; throws on NLMSG_ERROR.</summary>
    public void Execute(Span<byte> request, Func<string> describe)
    {
        var error = Transact(request, MessageFlags.Ack, static (in NetlinkMessage _) => { }, dump: false);
        ThrowIfFailed(error, describe);
    }

    /// <summary>Sends a GET for one object and parses the reply; null when the kernel says it does not exist.</summary>
    public T? Get<T>(Span<byte> request, MessageParser<T> parse, Func<string> describe)
        where T : class
    {
        T? result = null;
        var error = Transact(request, MessageFlags.Ack, (in NetlinkMessage message) =>
        {
            if (result is null && parse(message, out var value))
            {
                result = value;
            }
        }, dump: false);
        if (error is { Error: Errno.ENODEV or Errno.ENOENT or Errno.ESRCH })
        {
            return null;
        }

        ThrowIfFailed(error, describe);
        return result;
    }

    /// <summary>Sends a dump request and parses every reply; restarts when the kernel flags the dump inconsistent.</summary>
    public List<T> Dump<T>(Span<byte> request, MessageParser<T> parse, Func<string> describe)
    {
        for (var attempt = 1; ; attempt++)
        {
            var results = new List<T>();
            var interrupted = false;
            var error = Transact(request, MessageFlags.Dump, (in NetlinkMessage message) =>
            {
                interrupted |= (message.Flags & MessageFlags.DumpInterrupted) != 0;
                if (parse(message, out var value))
                {
                    results.Add(value);
                }
            }, dump: true);
            ThrowIfFailed(error, describe);
            if (!interrupted)
            {
                return results;
            }

            if (attempt == MaxDumpAttempts)
            {
                throw new NetlinkException($"{describe()} (the dump was interrupted by changes {MaxDumpAttempts} times)", Errno.EINTR);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket.Dispose();
        }
    }

    private static void ThrowIfFailed(KernelError? error, Func<string> describe)
    {
        if (error is { } e)
        {
            throw new NetlinkException(describe(), e.Error, e.Message);
        }
    }

    private static NetlinkException LastError(string operation) =>
        new(operation, (Errno)Marshal.GetLastPInvokeError());

    private KernelError? Transact(Span<byte> request, MessageFlags extraFlags, MessageVisitor visit, bool dump)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
            var fd = (int)_socket.DangerousGetHandle();
            var sequence = ++_sequence;
            var header = MemoryMarshal.Read<NetlinkHeader>(request);
            header.Sequence = sequence;
            header.Flags |= (ushort)extraFlags;
            MemoryMarshal.Write(request, in header);
            Send(fd, request);
            var error = Receive(fd, sequence, visit, dump, out var visitError);
            if (error is null && visitError is not null)
            {
                ExceptionDispatchInfo.Throw(visitError);
            }

            return error;
        }
    }

    private static void Send(int fd, Span<byte> request)
    {
        var kernel = new SockaddrNetlink { Family = LibC.AfNetlink };
        fixed (byte* buffer = request)
        {
            while (true)
            {
                var sent = LibC.SendTo(fd, buffer, (nuint)request.Length, 0, &kernel, (uint)sizeof(SockaddrNetlink));
                if (sent >= 0)
                {
                    return;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != (int)Errno.EINTR)
                {
                    throw new NetlinkException("send rtnetlink request", (Errno)errno);
                }
            }
        }
    }

    private KernelError? Receive(int fd, uint sequence, MessageVisitor visit, bool dump, out Exception? visitError)
    {
        visitError = null;
        while (true)
        {
            var length = ReceiveDatagram(fd);
            var datagram = _receiveBuffer.AsSpan(0, length);
            while (datagram.Length >= NetlinkHeader.Size)
            {
                var header = MemoryMarshal.Read<NetlinkHeader>(datagram);
                if (header.Length < NetlinkHeader.Size || header.Length > datagram.Length)
                {
                    throw new NetlinkException($"receive rtnetlink reply (malformed message of {header.Length} bytes)", Errno.EPROTO);
                }

                var message = datagram[..(int)header.Length];
                datagram = datagram[Math.Min(MessageWriter.Align((int)header.Length), datagram.Length)..];
                if (header.Sequence != sequence)
                {
                    continue;
                }

                var payload = message[NetlinkHeader.Size..];
                var type = (MessageType)header.Type;
                var flags = (MessageFlags)header.Flags;
                switch (type)
                {
                    case MessageType.Error:
                        {
                            var errno = payload.Length >= 4 ? -NativeEndian.ReadInt32(payload) : 0;
                            if (errno == 0 && !dump)
                            {
                                return null;
                            }

                            if (errno != 0)
                            {
                                return new KernelError((Errno)errno, ExtendedAckMessage(payload, flags, capped: true));
                            }

                            break;
                        }

                    case MessageType.Done:
                        {
                            var errno = payload.Length >= 4 ? -NativeEndian.ReadInt32(payload) : 0;
                            if (errno != 0)
                            {
                                return new KernelError((Errno)errno, ExtendedAckMessage(payload, flags, capped: false));
                            }

                            return null;
                        }

                    case MessageType.Noop:
                    case MessageType.Overrun:
                        break;
                    default:
                        if (visitError is null)
                        {
                            try
                            {
                                visit(new NetlinkMessage(type, flags, payload));
                            }
                            catch (Exception e)
                            {
                                // Keep reading to the end of the reply so the socket is clean for the next request.
                                visitError = e;
                            }
                        }

                        break;
                }
            }
        }
    }

    private int ReceiveDatagram(int fd)
    {
        var from = default(SockaddrNetlink);
        fixed (byte* buffer = _receiveBuffer)
        {
            while (true)
            {
                var fromLength = (uint)sizeof(SockaddrNetlink);
                var received = LibC.RecvFrom(fd, buffer, (nuint)_receiveBuffer.Length, LibC.MsgTrunc, &from, &fromLength);
                if (received < 0)
                {
                    var errno = (Errno)Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw errno == Errno.EAGAIN
                        ? new NetlinkException($"receive rtnetlink reply (no reply within {ReplyTimeout.TotalSeconds} s)", Errno.ETIMEDOUT)
                        : new NetlinkException("receive rtnetlink reply", errno);
                }

                if (from.PortId != 0)
                {
                    continue; // Not from the kernel: ignore.
                }

                if (received > _receiveBuffer.Length)
                {
                    throw new NetlinkException($"receive rtnetlink reply (a {received}-byte message did not fit the {_receiveBuffer.Length}-byte buffer)", Errno.EMSGSIZE);
                }

                return (int)received;
            }
        }
    }

    /// <summary>NLMSGERR_ATTR_MSG from the TLVs after struct nlmsgerr (NLMSG_ERROR) or after the error int (NLMSG_DONE).</summary>
    private static string? ExtendedAckMessage(ReadOnlySpan<byte> payload, MessageFlags flags, bool capped)
    {
        if ((flags & MessageFlags.AckTlvs) == 0)
        {
            return null;
        }

        var offset = 4;
        if (capped && payload.Length >= 4 + NetlinkHeader.Size)
        {
            var echoed = MemoryMarshal.Read<NetlinkHeader>(payload[4..]);
            offset += (flags & MessageFlags.AckCapped) != 0 ? NetlinkHeader.Size : MessageWriter.Align((int)echoed.Length);
        }

        if (offset >= payload.Length)
        {
            return null;
        }

        foreach (var attribute in new AttributeReader(payload[offset..]))
        {
            if (attribute.Type == 1)
            {
                return attribute.AsString();
            }
        }

        return null;
    }
}
