using System.Globalization;

namespace Calico.Netlink;

/// <summary>A routing table id (RT_TABLE_*: main is 254). Ids above 255 travel in RTA_TABLE.</summary>
public readonly record struct RouteTable(uint Id)
{
    public static RouteTable Unspecified { get; } = new(0);

    public static RouteTable Default { get; } = new(253);

    public static RouteTable Main { get; } = new(254);

    public static RouteTable Local { get; } = new(255);

    public override string ToString() => Id switch
    {
        254 => "main",
        255 => "local",
        253 => "default",
        _ => Id.ToString(CultureInfo.InvariantCulture),
    };
}
