using System.Globalization;

namespace Calico.Bgp.Control;

/// <summary>
/// One reply on BIRD's control socket: lines <c>CODE-text</c> (more follows), <c> text</c> (continues the previous
/// code) and a last line <c>CODE text</c>. Codes 0xxx end a successful reply, 1xxx are table rows, 2xxx table
/// headings, 8xxx and 9xxx errors.
/// </summary>
public sealed record BirdReply(IReadOnlyList<BirdReplyLine> Lines)
{
    /// <summary>Whether <paramref name="line"/> is the last of a reply (four digits and a space, or just four digits).</summary>
    public static bool IsFinal(string line) => TryReadCode(line, out _, out var final) && final;

    /// <summary>Splits raw lines into (code, text): a continuation line (" text") takes the previous line's code.</summary>
    public static BirdReply Parse(IEnumerable<string> rawLines)
    {
        ArgumentNullException.ThrowIfNull(rawLines);
        var lines = new List<BirdReplyLine>();
        var previous = -1;
        foreach (var raw in rawLines)
        {
            if (raw.StartsWith(' ') && previous >= 0)
            {
                lines.Add(new BirdReplyLine(previous, raw[1..]));
            }
            else if (TryReadCode(raw, out var code, out _))
            {
                previous = code;
                lines.Add(new BirdReplyLine(code, raw.Length > 5 ? raw[5..] : string.Empty));
            }
            else if (raw.Length > 0)
            {
                throw new BirdReplyException($"unexpected output line from BIRD: \"{raw}\"");
            }
        }

        var error = lines.FirstOrDefault(l => l.Code >= 8000);
        return error is null ? new BirdReply(lines) : throw new BirdReplyException($"BIRD error {error.Code}: {error.Text.Trim()}");
    }

    private static bool TryReadCode(string line, out int code, out bool final)
    {
        code = -1;
        final = false;
        if (line.Length < 4 || (line.Length > 4 && line[4] is not (' ' or '-'))
            || !int.TryParse(line.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out code))
        {
            return false;
        }

        final = line.Length == 4 || line[4] == ' ';
        return true;
    }
}
