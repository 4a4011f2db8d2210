using System.Diagnostics;

namespace Calico.Typha.LoadClients;

/// <summary>CLOCK_MONOTONIC in nanoseconds (<see cref="Stopwatch"/> reads that clock on Linux), shared by the writer and every client.</summary>
internal static class MonotonicClock
{
    public static long NowNanoseconds() => (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000_000 / Stopwatch.Frequency);

    public static double MillisecondsSince(long startNanoseconds) => (NowNanoseconds() - startNanoseconds) / 1e6;
}
