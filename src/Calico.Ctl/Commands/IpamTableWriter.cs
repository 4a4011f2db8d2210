using System.Text;

namespace Calico.Ctl.Commands;

/// <summary>
/// A boxed table as calicoctl ipam prints it (go-pretty's default style): +---+ rules, headers centred, each column
/// left-aligned unless it is listed as right-aligned.
/// </summary>
internal static class IpamTableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlySet<int> rightAligned)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        output.WriteLine(rule);
        output.WriteLine(Line(headers.Select((h, i) => Centre(h, widths[i]))));
        output.WriteLine(rule);
        foreach (var row in rows)
        {
            output.WriteLine(Line(row.Select((cell, i) => rightAligned.Contains(i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))));
        }

        output.WriteLine(rule);
    }

    private static string Line(IEnumerable<string> cells) => new StringBuilder("| ").AppendJoin(" | ", cells).Append(" |").ToString();

    private static string Centre(string text, int width)
    {
        var left = (width - text.Length) / 2;
        return new string(' ', left) + text + new string(' ', width - text.Length - left);
    }
}
