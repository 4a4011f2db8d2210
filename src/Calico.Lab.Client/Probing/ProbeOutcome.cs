namespace Calico.Lab.Probing;

/// <summary>What one probe saw: allowed (the payload came back) or not, and how (for failure reports).</summary>
public readonly record struct ProbeOutcome(bool Allowed, string Detail)
{
    public static ProbeOutcome Echoed(TimeSpan elapsed) => new(true, $"echoed in {elapsed.TotalMilliseconds:F0} ms");

    /// <summary>A connection was set up to a listener that is not an echo server (nothing was sent).</summary>
    public static ProbeOutcome Connected(TimeSpan elapsed) => new(true, $"connected in {elapsed.TotalMilliseconds:F0} ms");

    public static ProbeOutcome Denied(string why) => new(false, why);
}
