namespace Calico.Ipam.Retry;

/// <summary>Random fractions for back-off jitter; a seeded source is locked, the shared one is thread-safe.</summary>
internal sealed class Jitter(int? seed)
{
    private readonly Random? _seeded = seed is { } s ? new Random(s) : null;
    private readonly Lock _lock = new();

    /// <summary>A fraction in [0.5, 1).</summary>
    public double NextFraction()
    {
        if (_seeded is null)
        {
            return 0.5 + (Random.Shared.NextDouble() / 2);
        }

        lock (_lock)
        {
            return 0.5 + (_seeded.NextDouble() / 2);
        }
    }
}
