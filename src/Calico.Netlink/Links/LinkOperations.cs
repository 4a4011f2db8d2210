using Calico.Netlink.Protocol;

namespace Calico.Netlink.Links;

/// <summary><see cref="ILinks"/> over one rtnetlink connection.</summary>
internal sealed class LinkOperations(NetlinkConnection connection, NetworkNamespace ns) : ILinks
{
    private const uint IffUp = (uint)LinkFlags.Up;

    public IReadOnlyList<Link> List()
    {
        var w = new MessageWriter(stackalloc byte[64]);
        w.Begin(MessageType.GetLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg());
        w.AddUInt32(LinkAttribute.ExtMask, LinkAttribute.ExtFilterSkipStats);
        return connection.Dump<Link>(w.Complete(), LinkParser.TryParse, () => $"list links in {ns}");
    }

    public Link? Find(LinkName name)
    {
        var w = new MessageWriter(stackalloc byte[64]);
        w.Begin(MessageType.GetLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg());
        w.AddString(LinkAttribute.IfName, name.Value);
        w.AddUInt32(LinkAttribute.ExtMask, LinkAttribute.ExtFilterSkipStats);
        return connection.Get<Link>(w.Complete(), LinkParser.TryParse, () => $"get link {name} in {ns}");
    }

    public Link? Find(LinkIndex index)
    {
        var w = new MessageWriter(stackalloc byte[64]);
        w.Begin(MessageType.GetLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = index.Value });
        w.AddUInt32(LinkAttribute.ExtMask, LinkAttribute.ExtFilterSkipStats);
        return connection.Get<Link>(w.Complete(), LinkParser.TryParse, () => $"get link #{index} in {ns}");
    }

    public Link Get(LinkName name) =>
        Find(name) ?? throw new NetlinkException($"get link {name} in {ns}", Errno.ENODEV);

    public Link Get(LinkIndex index) =>
        Find(index) ?? throw new NetlinkException($"get link #{index} in {ns}", Errno.ENODEV);

    public Link CreateVeth(VethSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var peerFd = spec.PeerNamespace?.LeaseDescriptor();
        var w = new MessageWriter(stackalloc byte[256]);
        w.Begin(MessageType.NewLink, MessageFlags.Create | MessageFlags.Exclusive);
        w.WriteStruct(UpFlags(spec.Up));
        WriteLinkBasics(ref w, spec.Name, spec.Mac, spec.Mtu);
        var linkInfo = w.BeginNested(LinkAttribute.LinkInfo);
        w.AddString(LinkAttribute.InfoKind, LinkKind.Veth.Value);
        var data = w.BeginNested(LinkAttribute.InfoData);
        var peer = w.BeginNested(LinkAttribute.VethInfoPeer);
        w.WriteStruct(new IfInfoMsg()); // IFF_UP here fails with ENOTCONN: the peer is configured before the pair is linked.
        WriteLinkBasics(ref w, spec.PeerName, spec.PeerMac, spec.PeerMtu ?? spec.Mtu);
        if (peerFd is { } fd)
        {
            w.AddUInt32(LinkAttribute.NetNsFd, (uint)fd.Descriptor);
        }

        w.EndNested(peer);
        w.EndNested(data);
        w.EndNested(linkInfo);
        connection.Execute(w.Complete(), () =>
            $"create veth {spec.Name} in {ns} (peer {spec.PeerName} in {spec.PeerNamespace?.ToString() ?? "the same namespace"})");
        return Get(spec.Name);
    }

    public Link CreateVxlan(VxlanSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Vni is < 0 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Vni, "a VNI has 24 bits (0 to 16777215)");
        }

        if (spec.Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Port, "the VXLAN port must be 1 to 65535");
        }

        var w = new MessageWriter(stackalloc byte[256]);
        w.Begin(MessageType.NewLink, MessageFlags.Create | MessageFlags.Exclusive);
        w.WriteStruct(UpFlags(spec.Up));
        WriteLinkBasics(ref w, spec.Name, spec.Mac, spec.Mtu);
        var linkInfo = w.BeginNested(LinkAttribute.LinkInfo);
        w.AddString(LinkAttribute.InfoKind, LinkKind.Vxlan.Value);
        var data = w.BeginNested(LinkAttribute.InfoData);
        w.AddUInt32(VxlanAttribute.Id, (uint)spec.Vni);
        if (spec.Local is { } local)
        {
            w.AddAddress(local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? VxlanAttribute.Local : VxlanAttribute.Local6, local);
        }

        if (spec.Parent is { } parent)
        {
            w.AddUInt32(VxlanAttribute.Link, (uint)parent.Value);
        }

        w.AddUInt16BigEndian(VxlanAttribute.Port, (ushort)spec.Port);
        w.AddUInt8(VxlanAttribute.Learning, spec.Learning ? (byte)1 : (byte)0);
        w.EndNested(data);
        w.EndNested(linkInfo);
        connection.Execute(w.Complete(), () => $"create vxlan {spec.Name} vni {spec.Vni} in {ns}");
        return Get(spec.Name);
    }

    public Link CreateBridge(LinkName name, bool up = false) => CreateSimple(name, LinkKind.Bridge, up);

    public void SetUp(LinkIndex link) => SetFlags(link, IffUp, "set up");

    public void SetDown(LinkIndex link) => SetFlags(link, 0, "set down");

    public void SetMac(LinkIndex link, MacAddress mac)
    {
        var w = BeginModify(link, stackalloc byte[64]);
        w.AddMac(LinkAttribute.Address, mac);
        connection.Execute(w.Complete(), () => $"set address {mac} on {Describe(link)}");
    }

    public void SetMtu(LinkIndex link, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        var w = BeginModify(link, stackalloc byte[64]);
        w.AddUInt32(LinkAttribute.Mtu, (uint)mtu);
        connection.Execute(w.Complete(), () => $"set mtu {mtu} on {Describe(link)}");
    }

    public void Rename(LinkIndex link, LinkName newName)
    {
        var w = BeginModify(link, stackalloc byte[64]);
        w.AddString(LinkAttribute.IfName, newName.Value);
        connection.Execute(w.Complete(), () => $"rename {Describe(link)} to {newName}");
    }

    public void SetMaster(LinkIndex link, LinkIndex? master)
    {
        var w = BeginModify(link, stackalloc byte[64]);
        w.AddUInt32(LinkAttribute.Master, (uint)(master?.Value ?? 0));
        connection.Execute(w.Complete(), () => master is { } m
            ? $"set master {Describe(m)} on {Describe(link)}"
            : $"release {Describe(link)} from its master");
    }

    public void MoveTo(LinkIndex link, NetworkNamespace target, LinkName? newName = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var targetFd = target.LeaseDescriptor();
        var w = BeginModify(link, stackalloc byte[64]);
        w.AddUInt32(LinkAttribute.NetNsFd, (uint)targetFd.Descriptor);
        if (newName is { } name)
        {
            w.AddString(LinkAttribute.IfName, name.Value);
        }

        connection.Execute(w.Complete(), () =>
            $"move {Describe(link)} to {target}{(newName is { } n ? $" as {n}" : string.Empty)}");
    }

    public void Delete(LinkIndex link)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.DelLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = link.Value });
        connection.Execute(w.Complete(), () => $"delete {Describe(link)}");
    }

    /// <summary>"dev NAME" for messages; resolved by a lookup, so only call it on error paths or before a delete.</summary>
    internal string Describe(LinkIndex link)
    {
        try
        {
            return Find(link) is { } found ? $"dev {found.Name}" : $"dev #{link} (no such link in {ns})";
        }
        catch (NetlinkException)
        {
            return $"dev #{link}";
        }
    }

    private static IfInfoMsg UpFlags(bool up) => up ? new IfInfoMsg { Flags = IffUp, Change = IffUp } : default;

    private static void WriteLinkBasics(ref MessageWriter w, LinkName name, MacAddress? mac, int? mtu)
    {
        w.AddString(LinkAttribute.IfName, name.Value);
        if (mac is { } address)
        {
            w.AddMac(LinkAttribute.Address, address);
        }

        if (mtu is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(mtu));
            w.AddUInt32(LinkAttribute.Mtu, (uint)value);
        }
    }

    private Link CreateSimple(LinkName name, LinkKind kind, bool up)
    {
        var w = new MessageWriter(stackalloc byte[128]);
        w.Begin(MessageType.NewLink, MessageFlags.Create | MessageFlags.Exclusive);
        w.WriteStruct(UpFlags(up));
        w.AddString(LinkAttribute.IfName, name.Value);
        var linkInfo = w.BeginNested(LinkAttribute.LinkInfo);
        w.AddString(LinkAttribute.InfoKind, kind.Value);
        w.EndNested(linkInfo);
        connection.Execute(w.Complete(), () => $"create {kind} {name} in {ns}");
        return Get(name);
    }

    private static MessageWriter BeginModify(LinkIndex link, Span<byte> buffer)
    {
        var w = new MessageWriter(buffer);
        w.Begin(MessageType.NewLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = link.Value });
        return w;
    }

    private void SetFlags(LinkIndex link, uint flags, string verb)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.NewLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = link.Value, Flags = flags, Change = IffUp });
        connection.Execute(w.Complete(), () => $"{verb} {Describe(link)}");
    }
}
