using System.Globalization;
using System.Numerics;

namespace Calico.Ctl.Commands;

/// <summary>Numbers as calicoctl ipam show prints them: Go's %.5g for counts, and "N (P%)" with %.f for shares.</summary>
internal static class IpamNumberFormat
{
    /// <summary>Go's <c>%.5g</c>: 65536 stays, 1048576 becomes 1.0486e+06.</summary>
    public static string Count(BigInteger value) => G5((double)value);

    /// <summary>Go's <c>"%.5g (%.f%%)"</c> of a part of a whole.</summary>
    public static string Share(BigInteger part, BigInteger whole)
    {
        var percent = whole.IsZero ? 0 : Math.Round(100 * (double)part / (double)whole, MidpointRounding.ToEven);
        return $"{Count(part)} ({percent.ToString("F0", CultureInfo.InvariantCulture)}%)";
    }

    private static string G5(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var scientific = value.ToString("E4", CultureInfo.InvariantCulture);
        var e = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific[(e + 1)..], CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 5)
        {
            var mantissa = scientific[..e].TrimEnd('0').TrimEnd('.');
            return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        var fixedText = value.ToString("F" + Math.Max(0, 4 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return fixedText.Contains('.', StringComparison.Ordinal) ? fixedText.TrimEnd('0').TrimEnd('.') : fixedText;
    }
}
