using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>One received netlink message: its header fields and the payload after the header.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(MessageType type, MessageFlags flags, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Payload = payload;
    }

    public MessageType Type { get; }

    public MessageFlags Flags { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The fixed struct at the start of the payload (ifinfomsg, rtmsg…).</summary>
    public T Read<T>()
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        if (Payload.Length < size)
        {
            throw new InvalidDataException($"netlink message of type {Type} is shorter than its {typeof(T).Name} header");
        }

        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>The attributes that follow a fixed struct of type <typeparamref name="T"/>.</summary>
    public AttributeReader Attributes<T>()
        where T : unmanaged =>
        new(Payload[Math.Min(Payload.Length, MessageWriter.Align(Marshal.SizeOf<T>()))..]);
}
