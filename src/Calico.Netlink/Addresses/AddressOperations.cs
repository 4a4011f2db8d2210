using System.Net;
using System.Net.Sockets;
using Calico.Netlink.Links;
using Calico.Netlink.Protocol;

namespace Calico.Netlink.Addresses;

/// <summary><see cref="IAddresses"/> over one rtnetlink connection.</summary>
internal sealed class AddressOperations(NetlinkConnection connection, LinkOperations links) : IAddresses
{
    public IReadOnlyList<InterfaceAddress> List(AddressFamily family = AddressFamily.Unspecified, LinkIndex? link = null)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.GetAddr, MessageFlags.None);
        w.WriteStruct(new IfAddrMsg { Family = AddressFamilies.ToLinux(family) });
        return connection.Dump(w.Complete(), (in NetlinkMessage m, out InterfaceAddress a) =>
            TryParse(m, out a) && (link is null || a.Link == link), () => "list addresses");
    }

    public void Add(InterfaceAddress address) => Write(address, MessageFlags.Create | MessageFlags.Exclusive, "add");

    public void Replace(InterfaceAddress address) => Write(address, MessageFlags.Create | MessageFlags.Replace, "replace");

    public void Delete(InterfaceAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var w = new MessageWriter(stackalloc byte[96]);
        w.Begin(MessageType.DelAddr, MessageFlags.None);
        WriteBody(ref w, address);
        connection.Execute(w.Complete(), () => $"delete address {address} {links.Describe(address.Link)}");
    }

    private void Write(InterfaceAddress address, MessageFlags flags, string verb)
    {
        ArgumentNullException.ThrowIfNull(address);
        var w = new MessageWriter(stackalloc byte[128]);
        w.Begin(MessageType.NewAddr, flags);
        WriteBody(ref w, address);
        connection.Execute(w.Complete(), () => $"{verb} address {address} {links.Describe(address.Link)}");
    }

    private static void WriteBody(ref MessageWriter w, InterfaceAddress address)
    {
        w.WriteStruct(new IfAddrMsg
        {
            Family = AddressFamilies.ToLinux(address.Family),
            PrefixLength = (byte)address.PrefixLength,
            Flags = (byte)((uint)address.Flags & 0xff),
            Scope = (byte)address.Scope,
            Index = address.Link.Value,
        });
        w.AddAddress(AddressAttribute.Local, address.Address);
        w.AddAddress(AddressAttribute.Address, address.Address);
        if (address.Flags != AddressFlags.None)
        {
            w.AddUInt32(AddressAttribute.Flags, (uint)address.Flags);
        }

        if (address.Label is { } label && address.Family == AddressFamily.InterNetwork)
        {
            w.AddString(AddressAttribute.Label, label);
        }
    }

    private static bool TryParse(in NetlinkMessage message, out InterfaceAddress address)
    {
        address = null!;
        if (message.Type != MessageType.NewAddr)
        {
            return false;
        }

        var header = message.Read<IfAddrMsg>();
        IPAddress? local = null, peer = null;
        var flags = (AddressFlags)header.Flags;
        string? label = null;
        foreach (var attribute in message.Attributes<IfAddrMsg>())
        {
            switch (attribute.Type)
            {
                case AddressAttribute.Local: local = attribute.AsAddress(); break;
                case AddressAttribute.Address: peer = attribute.AsAddress(); break;
                case AddressAttribute.Flags: flags = (AddressFlags)attribute.AsUInt32(); break;
                case AddressAttribute.Label: label = attribute.AsString(); break;
                default: break;
            }
        }

        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links (IPv6 sends only it).
        var own = local ?? peer;
        if (own is null || header.Index <= 0)
        {
            return false;
        }

        address = new InterfaceAddress(new LinkIndex(header.Index), own, header.PrefixLength)
        {
            Scope = (RouteScope)header.Scope,
            Flags = flags,
            Label = label,
        };
        return true;
    }
}
