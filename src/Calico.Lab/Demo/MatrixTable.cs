using System.Text;
using Calico.Lab.Probing;
using Calico.Lab.Tracing;
using Calico.Policy.Reachability;

namespace Calico.Lab.Demo;

/// <summary>
/// The reachability matrix as a user would draw it on a whiteboard: one row per source pod, one column per destination
/// pod and port, each cell <c>allowed</c> (green) or <c>denied</c> (red) as a real probe saw it; a pod to itself is
/// <c>-</c> (the packet never leaves the pod). A cell where the kernel disagreed with the policy model is marked <c>!</c>.
/// Plain text when <paramref name="color"/> is false.
/// </summary>
internal sealed class MatrixTable(IReadOnlyList<ProbeTarget> pods, IReadOnlyList<(ProbeTarget To, Probe Probe)> columns, bool color)
{
    private const string Green = "\e[32m";
    private const string Red = "\e[1;31m";
    private const string Dim = "\e[2m";
    private const string Bold = "\e[1m";
    private const string Reset = "\e[0m";

    /// <summary>Every cell the table shows, rows first.</summary>
    public IReadOnlyList<ProbeCell> Cells => [.. from f in pods from c in columns select new ProbeCell(f, c.To, c.Probe)];

    /// <summary>The table under <paramref name="title"/>.</summary>
    public string Render(string title, IReadOnlyDictionary<ProbeCell, TraceAgreement> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var headers = columns.Select(c => $"{ShortName(c.To)}:{c.Probe.Port}").ToList();
        var first = Math.Max(pods.Max(p => ShortName(p).Length), "from\\to".Length) + 2;
        var widths = headers.Select(h => Math.Max(h.Length, "denied!".Length) + 2).ToList();
        var text = new StringBuilder();
        text.Append(Paint(Bold, title)).Append('\n');
        text.Append("  ").Append("from\\to".PadRight(first));
        for (var i = 0; i < headers.Count; i++)
        {
            text.Append(headers[i].PadRight(widths[i]));
        }

        TrimEnd(text);
        text.Append('\n');
        var disagreements = false;
        foreach (var from in pods)
        {
            text.Append("  ").Append(ShortName(from).PadRight(first));
            for (var i = 0; i < columns.Count; i++)
            {
                var (to, probe) = columns[i];
                var result = results[new ProbeCell(from, to, probe)];
                disagreements |= !result.Agrees;
                var word = from == to ? "-" : (result.Probe.Allowed ? "allowed" : "denied") + (result.Agrees ? string.Empty : "!");
                var paint = word == "-" ? Dim : result.Probe.Allowed ? Green : Red;
                text.Append(Paint(paint, word)).Append(new string(' ', widths[i] - word.Length));
            }

            TrimEnd(text);
            text.Append('\n');
        }

        if (disagreements)
        {
            text.Append("  ! the kernel disagrees with the policy model here (calicoctl policy trace --verify explains the model's side)\n");
        }

        return text.ToString();
    }

    /// <summary><c>web-api</c> for <c>app/web-api</c>.</summary>
    public static string ShortName(ProbeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Name[(target.Name.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }

    private static void TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }

    private string Paint(string style, string text) => color ? $"{style}{text}{Reset}" : text;
}
