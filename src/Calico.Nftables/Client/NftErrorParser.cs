using System.Globalization;
using System.Text.RegularExpressions;

namespace Calico.Nftables;

/// <summary>
/// Reads nft's error output: each error is a header line <c>[SOURCE:LINE:FIRST-LAST: ]Error: MESSAGE</c> followed by
/// the offending command and a line of carets. The location is present when nft read a file (<c>nft -f</c>, or
/// libnftables given a file name); libnftables given a buffer omits it (nft 1.0.6).
/// </summary>
internal static partial class NftErrorParser
{
    public static IReadOnlyList<NftError> Parse(string errorOutput)
    {
        var errors = new List<NftError>();
        foreach (var rawLine in errorOutput.Split('\n'))
        {
            var match = HeaderPattern().Match(rawLine.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            errors.Add(new NftError(
                "Error: " + match.Groups["message"].Value,
                Number(match.Groups["line"]),
                Number(match.Groups["first"]),
                Number(match.Groups["last"]) ?? Number(match.Groups["first"])));
        }

        return errors;
    }

    /// <summary>Line <paramref name="line"/> (1-based) of <paramref name="script"/>, or null.</summary>
    public static string? LineOf(string script, int? line)
    {
        if (line is null or < 1)
        {
            return null;
        }

        var start = 0;
        for (var current = 1; current < line; current++)
        {
            start = script.IndexOf('\n', start);
            if (start < 0)
            {
                return null;
            }

            start++;
        }

        var end = script.IndexOf('\n', start);
        return end < 0 ? script[start..] : script[start..end];
    }

    private static int? Number(Group group) =>
        group.Success ? int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^(?:(?<source>.*?):(?<line>\d+):(?<first>\d+)(?:-(?<last>\d+))?: )?Error: (?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}
