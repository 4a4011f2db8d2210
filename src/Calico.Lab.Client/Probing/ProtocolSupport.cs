namespace Calico.Lab.Probing;

/// <summary>Which optional protocols this kernel offers without loading anything.</summary>
public static class ProtocolSupport
{
    /// <summary>
    /// True when SCTP is already registered with the kernel (/proc/net/protocols lists it). Creating an SCTP socket
    /// when it is not could make the kernel load the sctp module in the root namespace, which these tests must never
    /// cause; so SCTP probes run only when this is true.
    /// </summary>
    public static bool SctpAvailable { get; } = File.Exists("/proc/net/protocols")
        && File.ReadLines("/proc/net/protocols").Skip(1).Any(l => l.StartsWith("SCTP ", StringComparison.Ordinal));
}
