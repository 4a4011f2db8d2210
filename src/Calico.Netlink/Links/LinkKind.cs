namespace Calico.Netlink;

/// <summary>The rtnetlink link type (IFLA_INFO_KIND): "veth", "vxlan", "bridge"…; empty for devices without one (lo, physical NICs).</summary>
public readonly record struct LinkKind(string Value)
{
    public static LinkKind None { get; } = new(string.Empty);

    public static LinkKind Veth { get; } = new("veth");

    public static LinkKind Vxlan { get; } = new("vxlan");

    public static LinkKind Bridge { get; } = new("bridge");

    public static LinkKind Dummy { get; } = new("dummy");

    public override string ToString() => Value ?? string.Empty;
}
