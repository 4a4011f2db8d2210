using System.Net;
using System.Net.Sockets;
using Calico.Netlink.Links;
using Calico.Netlink.Protocol;

namespace Calico.Netlink.Neighbours;

/// <summary><see cref="INeighbours"/> over one rtnetlink connection.</summary>
internal sealed class NeighbourOperations(NetlinkConnection connection, LinkOperations links) : INeighbours
{
    public IReadOnlyList<Neighbour> List(AddressFamily family = AddressFamily.Unspecified, LinkIndex? link = null)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.GetNeigh, MessageFlags.None);
        w.WriteStruct(new NdMsg { Family = AddressFamilies.ToLinux(family) });
        return connection.Dump(w.Complete(), (in NetlinkMessage m, out Neighbour n) =>
            TryParseNeighbour(m, out n) && (link is null || n.Link == link), () => "list neighbours");
    }

    public void Add(Neighbour neighbour) => WriteNeighbour(neighbour, MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Exclusive, "add");

    public void Replace(Neighbour neighbour) => WriteNeighbour(neighbour, MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Replace, "replace");

    public void Delete(Neighbour neighbour) => WriteNeighbour(neighbour, MessageType.DelNeigh, MessageFlags.None, "delete");

    public IReadOnlyList<FdbEntry> ListFdb(LinkIndex? link = null)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.GetNeigh, MessageFlags.None);
        w.WriteStruct(new NdMsg { Family = AddressFamilies.Bridge });
        return connection.Dump(w.Complete(), (in NetlinkMessage m, out FdbEntry e) =>
            TryParseFdb(m, out e) && (link is null || e.Link == link), () => "list fdb entries");
    }

    public void AddFdb(FdbEntry entry) => WriteFdb(entry, MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Exclusive, "add");

    public void ReplaceFdb(FdbEntry entry) => WriteFdb(entry, MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Replace, "replace");

    public void AppendFdb(FdbEntry entry) => WriteFdb(entry, MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Append, "append");

    public void DeleteFdb(FdbEntry entry) => WriteFdb(entry, MessageType.DelNeigh, MessageFlags.None, "delete");

    private void WriteNeighbour(Neighbour neighbour, MessageType type, MessageFlags flags, string verb)
    {
        ArgumentNullException.ThrowIfNull(neighbour);
        var w = new MessageWriter(stackalloc byte[96]);
        w.Begin(type, flags);
        w.WriteStruct(new NdMsg
        {
            Family = AddressFamilies.ToLinux(neighbour.Family),
            Index = neighbour.Link.Value,
            State = (ushort)neighbour.State,
            Flags = (byte)neighbour.Flags,
        });
        w.AddAddress(NeighbourAttribute.Destination, neighbour.Address);
        if (neighbour.Mac is { } mac)
        {
            w.AddMac(NeighbourAttribute.LinkLayerAddress, mac);
        }

        connection.Execute(w.Complete(), () =>
            $"{verb} neighbour {neighbour.Address}{(neighbour.Mac is { } m ? $" lladdr {m}" : string.Empty)} {links.Describe(neighbour.Link)}");
    }

    private void WriteFdb(FdbEntry entry, MessageType type, MessageFlags flags, string verb)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var w = new MessageWriter(stackalloc byte[96]);
        w.Begin(type, flags);
        w.WriteStruct(new NdMsg
        {
            Family = AddressFamilies.Bridge,
            Index = entry.Link.Value,
            State = (ushort)entry.State,
            Flags = (byte)entry.Flags,
        });
        w.AddMac(NeighbourAttribute.LinkLayerAddress, entry.Mac);
        if (entry.Destination is { } destination)
        {
            w.AddAddress(NeighbourAttribute.Destination, destination);
        }

        if (entry.Vni is { } vni)
        {
            w.AddUInt32(NeighbourAttribute.Vni, (uint)vni);
        }

        connection.Execute(w.Complete(), () =>
            $"{verb} fdb entry {entry.Mac}{(entry.Destination is { } d ? $" dst {d}" : string.Empty)} {links.Describe(entry.Link)}");
    }

    private static bool TryParseNeighbour(in NetlinkMessage message, out Neighbour neighbour)
    {
        neighbour = null!;
        if (message.Type != MessageType.NewNeigh)
        {
            return false;
        }

        var header = message.Read<NdMsg>();
        if (header.Family is not (AddressFamilies.Inet or AddressFamilies.Inet6) || header.Index <= 0)
        {
            return false;
        }

        IPAddress? address = null;
        MacAddress? mac = null;
        foreach (var attribute in message.Attributes<NdMsg>())
        {
            switch (attribute.Type)
            {
                case NeighbourAttribute.Destination: address = attribute.AsAddress(); break;
                case NeighbourAttribute.LinkLayerAddress: mac = attribute.AsMac(); break;
                default: break;
            }
        }

        if (address is null)
        {
            return false;
        }

        neighbour = new Neighbour(new LinkIndex(header.Index), address, mac)
        {
            State = (NeighbourState)header.State,
            Flags = (NeighbourFlags)header.Flags,
        };
        return true;
    }

    private static bool TryParseFdb(in NetlinkMessage message, out FdbEntry entry)
    {
        entry = null!;
        if (message.Type != MessageType.NewNeigh)
        {
            return false;
        }

        var header = message.Read<NdMsg>();
        if (header.Family != AddressFamilies.Bridge || header.Index <= 0)
        {
            return false;
        }

        MacAddress? mac = null;
        IPAddress? destination = null;
        int? vni = null;
        LinkIndex? master = null;
        foreach (var attribute in message.Attributes<NdMsg>())
        {
            switch (attribute.Type)
            {
                case NeighbourAttribute.LinkLayerAddress: mac = attribute.AsMac(); break;
                case NeighbourAttribute.Destination: destination = attribute.AsAddress(); break;
                case NeighbourAttribute.Vni: vni = (int)attribute.AsUInt32(); break;
                case NeighbourAttribute.Master: master = attribute.AsInt32() > 0 ? new LinkIndex(attribute.AsInt32()) : null; break;
                default: break;
            }
        }

        if (mac is not { } address)
        {
            return false;
        }

        entry = new FdbEntry(new LinkIndex(header.Index), address)
        {
            Destination = destination,
            State = (NeighbourState)header.State,
            Flags = (NeighbourFlags)header.Flags,
            Vni = vni,
            Master = master,
        };
        return true;
    }
}
