using System.Net.Sockets;
using Calico.Netlink;
using Calico.Lab.Probing;
using Calico.Policy;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;

namespace Calico.Lab.Tracing;

/// <summary>
/// <c>calicoctl policy trace --verify</c>: the model's verdict for a probe between two lab pods, beside a real probe of
/// it sent from inside the source pod's network namespace. The conformance runner judges the probes it has already
/// taken with <see cref="Judge"/>, the same comparison.
/// </summary>
public sealed class TraceVerifier(Prober prober, TimeSpan timeout)
{
    /// <summary>The model's verdict for <paramref name="probe"/> from pod <paramref name="from"/> to pod <paramref name="to"/> (both <c>ns/pod</c>).</summary>
    /// <exception cref="KeyNotFoundException">The model has no workload endpoint for a pod.</exception>
    public static FlowVerdict Evaluate(PolicyModel model, string from, string to, Probe probe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(probe);
        return model.Evaluate(probe.ToFlow(Workload(model, from), Workload(model, to)));
    }

    /// <summary>The model's verdict for a cell beside what a probe of it already saw.</summary>
    public static TraceAgreement Judge(PolicyModel model, string from, string to, Probe probe, ProbeOutcome observed) =>
        new(Evaluate(model, from, to, probe), observed);

    /// <summary>
    /// Probes <paramref name="probe"/> from <paramref name="from"/> to <paramref name="to"/> and compares with
    /// <paramref name="verdict"/>. An echo listener serves the port inside the destination for the duration of the probe;
    /// when something already listens on a TCP or SCTP port, a connection set up to it is the evidence instead. A UDP
    /// port must be free (only an echo answers a datagram).
    /// </summary>
    /// <exception cref="LabException">The UDP port is taken, or the destination's namespace cannot be entered.</exception>
    public async Task<TraceAgreement> VerifyAsync(FlowVerdict verdict, ProbeTarget from, ProbeTarget to, Probe probe)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(probe);
        EchoListeners? listener = null;
        try
        {
            if (probe.Protocol != ProtocolNames.Tcp || !IsListening(to.NetworkNamespace, probe.Port))
            {
                listener = EchoListeners.Start(to, [probe]);
            }
        }
        catch (InvalidOperationException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            if (probe.Protocol == ProtocolNames.Udp)
            {
                throw new LabException($"{probe} is taken inside {to.Name}: a UDP probe needs the port free for its echo listener");
            }
        }

        try
        {
            var outcome = (await prober.ProbeAsync([new ProbeCell(from, to, probe)], timeout, echo: listener is not null).ConfigureAwait(false))[0];
            return new TraceAgreement(verdict, outcome);
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether a TCP socket listens on <paramref name="port"/> inside the namespace (IPv4 or IPv6, any address): read
    /// from /proc/thread-self/net/tcp{,6} on a thread that entered it (state 0A is LISTEN).
    /// </summary>
    private static bool IsListening(string networkNamespace, int port)
    {
        using var ns = NetworkNamespace.OpenNamed(networkNamespace);
        var hexPort = $":{port:X4}";
        return ns.Run(() => new[] { "/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 3 && fields[1].EndsWith(hexPort, StringComparison.Ordinal) && fields[3] == "0A"));
    }

    private static FlowPeer Workload(PolicyModel model, string pod)
    {
        var slash = pod.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new ArgumentException($"\"{pod}\" is not NAMESPACE/POD", nameof(pod)) : model.Snapshot.Workload(pod[..slash], pod[(slash + 1)..]);
    }
}
