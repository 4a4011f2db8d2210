using Calico.Netlink.Protocol;

namespace Calico.Netlink.Links;

/// <summary>Decodes RTM_NEWLINK replies into <see cref="Link"/>.</summary>
internal static class LinkParser
{
    public static bool TryParse(in NetlinkMessage message, out Link link)
    {
        link = null!;
        if (message.Type != MessageType.NewLink)
        {
            return false;
        }

        var info = message.Read<IfInfoMsg>();
        string? name = null;
        MacAddress? mac = null;
        int mtu = 0;
        LinkIndex? master = null, parent = null;
        int? netnsId = null;
        var operState = OperationalState.Unknown;
        var kind = LinkKind.None;
        VxlanInfo? vxlan = null;
        foreach (var attribute in message.Attributes<IfInfoMsg>())
        {
            switch (attribute.Type)
            {
                case LinkAttribute.IfName: name = attribute.AsString(); break;
                case LinkAttribute.Address: mac = attribute.AsMac(); break;
                case LinkAttribute.Mtu: mtu = (int)attribute.AsUInt32(); break;
                case LinkAttribute.Master: master = ToIndex(attribute.AsInt32()); break;
                case LinkAttribute.Link: parent = ToIndex(attribute.AsInt32()); break;
                case LinkAttribute.LinkNetnsId: netnsId = attribute.AsInt32(); break;
                case LinkAttribute.OperState: operState = (OperationalState)attribute.AsByte(); break;
                case LinkAttribute.LinkInfo: ParseLinkInfo(attribute.Nested(), ref kind, ref vxlan); break;
                default: break;
            }
        }

        if (name is null || info.Index <= 0)
        {
            return false;
        }

        link = new Link(new LinkIndex(info.Index), new LinkName(name))
        {
            Kind = kind,
            Mac = mac,
            Mtu = mtu,
            Flags = (LinkFlags)info.Flags,
            OperationalState = operState,
            Master = master,
            Parent = parent,
            LinkNetnsId = netnsId,
            Vxlan = vxlan,
        };
        return true;
    }

    private static LinkIndex? ToIndex(int value) => value > 0 ? new LinkIndex(value) : null;

    private static void ParseLinkInfo(AttributeReader attributes, ref LinkKind kind, ref VxlanInfo? vxlan)
    {
        var data = default(AttributeReader);
        var hasData = false;
        foreach (var attribute in attributes)
        {
            if (attribute.Type == LinkAttribute.InfoKind)
            {
                kind = new LinkKind(attribute.AsString());
            }
            else if (attribute.Type == LinkAttribute.InfoData)
            {
                data = attribute.Nested();
                hasData = true;
            }
        }

        if (hasData && kind == LinkKind.Vxlan)
        {
            vxlan = ParseVxlan(data);
        }
    }

    private static VxlanInfo ParseVxlan(AttributeReader attributes)
    {
        var vni = 0;
        System.Net.IPAddress? local = null;
        var port = 0;
        var learning = false;
        LinkIndex? parent = null;
        foreach (var attribute in attributes)
        {
            switch (attribute.Type)
            {
                case VxlanAttribute.Id: vni = (int)attribute.AsUInt32(); break;
                case VxlanAttribute.Local:
                case VxlanAttribute.Local6: local = attribute.AsAddress(); break;
                case VxlanAttribute.Port: port = attribute.AsUInt16BigEndian(); break;
                case VxlanAttribute.Learning: learning = attribute.AsByte() != 0; break;
                case VxlanAttribute.Link: parent = ToIndex(attribute.AsInt32()); break;
                default: break;
            }
        }

        return new VxlanInfo(vni) { Local = local, Port = port, Learning = learning, Parent = parent };
    }
}
