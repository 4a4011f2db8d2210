namespace Calico.Ipam;

/// <summary>How an IPAM client retries writes that lost a race with another writer.</summary>
public sealed record IpamClientOptions
{
    /// <summary>Attempts per step before giving up with <see cref="IpamErrorKind.TooManyConflicts"/> (Calico: 100).</summary>
    public int MaxAttempts { get; init; } = 100;

    /// <summary>Back-off before the second attempt; it doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest back-off. Each wait is drawn uniformly from [half, all] of the current back-off (jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Seed for the jitter, for reproducible tests; <see langword="null"/> uses <see cref="Random.Shared"/>.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The producer written into check reports.</summary>
    public string ReportProducer { get; init; } = "calico-ipam";

    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
    }
}
