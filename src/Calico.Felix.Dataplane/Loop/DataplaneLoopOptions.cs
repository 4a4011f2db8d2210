namespace Calico.Felix.Dataplane.Loop;

/// <summary>How often the loop re-reads the kernel to repair drift, and how long it waits before retrying a failed apply.</summary>
public sealed record DataplaneLoopOptions
{
    /// <summary>Felix's table refresh interval: a full resync of the table and the routes this often.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry after a failed apply; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}
