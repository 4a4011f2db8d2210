using System.Globalization;
using System.Text.RegularExpressions;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// Finds warnings and errors in calico-node's log lines (<c>2026-11-22 06:47:26.151 warn: felix.calc[103] …</c>):
/// levels <c>warn</c>, <c>fail</c> and <c>crit</c>, no older than a window. Pure, for tests.
/// </summary>
internal static partial class LogProblemReader
{
    /// <summary>The problems among <paramref name="lines"/> at or after <paramref name="since"/>, oldest first.</summary>
    public static IReadOnlyList<LogProblem> Read(IEnumerable<string> lines, DateTime since)
    {
        var problems = new List<LogProblem>();
        foreach (var line in lines)
        {
            var match = LinePattern().Match(line);
            if (!match.Success
                || !DateTime.TryParseExact(match.Groups["time"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                || time < since)
            {
                continue;
            }

            problems.Add(new LogProblem(time, match.Groups["level"].Value, match.Groups["category"].Value, match.Groups["message"].Value.Trim()));
        }

        return problems;
    }

    [GeneratedRegex(@"^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) (?<level>warn|fail|crit): (?<category>[A-Za-z0-9_.-]+)\[\d+\] ?(?<message>.*)$")]
    private static partial Regex LinePattern();
}
