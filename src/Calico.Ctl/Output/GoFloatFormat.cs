using System.Globalization;

namespace Calico.Ctl.Output;

/// <summary>Formats a double as Go's %v does (shortest digits; exponent form from 1e+21 or for exponents of 6 and more with few digits).</summary>
internal static class GoFloatFormat
{
    public static string Format(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var digits = Digits(Math.Abs(value), out var exponent);
        var eprec = 6;
        var decimalPoint = exponent + 1;
        if (eprec > digits.Length && digits.Length >= decimalPoint)
        {
            eprec = digits.Length;
        }

        if (exponent < -4 || exponent >= eprec)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var sign = value < 0 ? "-" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        return shortest;
    }

    /// <summary>The shortest round-trip significant digits and the decimal exponent of the first one.</summary>
    private static string Digits(double value, out int exponent)
    {
        var text = value.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        var significant = new string(shortest.TakeWhile(c => c != 'E').Where(char.IsAsciiDigit).ToArray()).TrimStart('0').TrimEnd('0');
        return significant.Length == 0 ? "0" : significant;
    }
}
