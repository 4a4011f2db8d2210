using System.Globalization;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// The packet mark bits Felix's filter chains communicate through (calico-features §4): a policy or profile chain
/// sets <see cref="Accept"/> (and returns) when it allows a packet and <see cref="Pass"/> when it passes it to the
/// next tier; the endpoint and base chains test them. Both lie inside <see cref="Mask"/>, the bits Calico owns; the
/// bits outside it (kube-proxy's, say) are never touched.
/// </summary>
public readonly record struct MarkBits
{
    public MarkBits(uint accept, uint pass, uint mask)
    {
        if (accept == 0 || pass == 0 || (accept & pass) != 0 || !IsSingleBit(accept) || !IsSingleBit(pass))
        {
            throw new ArgumentException($"accept (0x{accept:x}) and pass (0x{pass:x}) must be two different single bits");
        }

        if ((accept & mask) != accept || (pass & mask) != pass)
        {
            throw new ArgumentException($"accept (0x{accept:x}) and pass (0x{pass:x}) must lie inside the mask 0x{mask:x}");
        }

        Accept = accept;
        Pass = pass;
        Mask = mask;
    }

    /// <summary>Calico's allocation: accept 0x10000, pass 0x20000, mask 0xffff0000.</summary>
    public static MarkBits Calico { get; } = new(0x10000, 0x20000, 0xffff0000);

    /// <summary>Set by a policy or profile chain that allowed the packet.</summary>
    public uint Accept { get; }

    /// <summary>Set by a policy chain whose rule said Pass: the rest of the tier is skipped.</summary>
    public uint Pass { get; }

    /// <summary>The mark bits Calico owns.</summary>
    public uint Mask { get; }

    /// <summary><c>meta mark set meta mark | BITS</c>.</summary>
    internal string Set(uint bits) => $"meta mark set meta mark | {Hex(bits)}";

    /// <summary><c>meta mark set meta mark &amp; ~BITS</c>.</summary>
    internal string Clear(uint bits) => $"meta mark set meta mark & {Hex(~bits)}";

    /// <summary><c>meta mark &amp; BITS == BITS</c>: every bit set.</summary>
    internal string IsSet(uint bits) => $"meta mark & {Hex(bits)} == {Hex(bits)}";

    /// <summary><c>meta mark &amp; BITS == 0</c>: no bit set.</summary>
    internal string IsClear(uint bits) => $"meta mark & {Hex(bits)} == 0";

    public override string ToString() => $"accept {Hex(Accept)} pass {Hex(Pass)} mask {Hex(Mask)}";

    private static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);

    private static bool IsSingleBit(uint value) => (value & (value - 1)) == 0;
}
