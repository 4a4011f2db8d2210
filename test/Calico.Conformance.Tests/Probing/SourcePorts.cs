namespace Calico.Conformance.Tests.Probing;

/// <summary>
/// Hands every probe its own source port, so no probe's 5-tuple repeats one that conntrack still remembers from an
/// earlier probe (an allowed UDP flow stays "established" for 30-120 s: a later probe reusing its tuple would pass
/// whatever the policy now says). 40 000 ports go round once every ~80 scenarios, long after such entries expire.
/// </summary>
public sealed class SourcePorts
{
    private const int First = 20000;
    private const int Count = 40000;
    private int _next = -1;

    public int Next() => First + (int)((uint)Interlocked.Increment(ref _next) % Count);
}
