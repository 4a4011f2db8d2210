using System.Globalization;

namespace Calico.Netlink;

/// <summary>A network interface index (ifindex), unique within one network namespace.</summary>
public readonly record struct LinkIndex
{
    public LinkIndex(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        Value = value;
    }

    public int Value { get; }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
