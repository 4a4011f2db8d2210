using System.Diagnostics;

namespace Calico.Cni.Plugin;

/// <summary>Records how long each phase of an invocation took; written to stderr when log_level is debug.</summary>
public sealed class PhaseTimer
{
    private readonly List<(string Phase, double Milliseconds)> _phases = [];
    private long _last = Stopwatch.GetTimestamp();

    public void Mark(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        _phases.Add((phase, Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds));
        _last = now;
    }

    public override string ToString() =>
        string.Join(", ", _phases.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Phase} {p.Milliseconds:0.0} ms")));
}
