namespace Calico.Lab.Probing;

/// <summary>
/// Hands every probe its own source port, so no probe's 5-tuple repeats one that conntrack still remembers from an
/// earlier probe (an allowed UDP flow stays "established" for 30-120 s: a later probe reusing its tuple would pass
/// whatever the policy now says). The ports lie below the kernel's ephemeral range (32768-60999), so they never meet a
/// port the kernel picked for some other socket; 22 768 ports go round once every ~70 matrices (two minutes or more),
/// long after conntrack has forgotten an unreplied or single-exchange UDP flow (30 s) or a reset TCP one (10 s).
/// </summary>
public sealed class SourcePorts
{
    private const int First = 10000;
    private const int Count = 32768 - First;
    private int _next;

    /// <summary>Ports from the first of the range on.</summary>
    public SourcePorts()
        : this(0)
    {
    }

    /// <summary>Ports from <paramref name="offset"/> into the range on: a short-lived process (calicoctl, calico-lab) starts at a random offset, so its probes do not repeat the previous run's 5-tuples.</summary>
    public SourcePorts(int offset) => _next = (int)((uint)offset % Count) - 1;

    /// <summary>A random offset into the range.</summary>
    public static SourcePorts FromRandomOffset() => new(Random.Shared.Next(Count));

    /// <summary>The next port.</summary>
    public int Next() => First + (int)((uint)Interlocked.Increment(ref _next) % Count);
}
