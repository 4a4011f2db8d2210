namespace Calico.Ipam.Retry;

/// <summary>
/// Counts the attempts of one step that races other writers, and waits between them with jittered exponential
/// back-off on the injected clock. Exhausting the budget is <see cref="IpamErrorKind.TooManyConflicts"/>.
/// </summary>
internal sealed class RetryBudget(IpamClientOptions options, TimeProvider timeProvider, Jitter jitter, string operation)
{
    private int _attempts;

    /// <summary>Lost races so far.</summary>
    public int Conflicts => _attempts;

    /// <summary>Records a lost race and waits before the next attempt.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        _attempts++;
        if (_attempts >= options.MaxAttempts)
        {
            throw new IpamException(IpamErrorKind.TooManyConflicts,
                $"{operation}: gave up after {_attempts} attempts, each overtaken by a concurrent IPAM write; try again");
        }

        var exponent = Math.Min(_attempts - 1, 20);
        var ceiling = Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks << exponent);
        var delay = TimeSpan.FromTicks((long)(ceiling * jitter.NextFraction()));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, ct).ConfigureAwait(false);
        }
    }
}
