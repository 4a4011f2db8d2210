using System.Net;
using System.Net.Sockets;
using Calico.Lab.Probing;
using Calico.Lab.State;

namespace Calico.Lab.Tracing;

/// <summary>Finds a lab's pods, by <c>ns/pod</c> or by address, as probe targets (their network namespace and IPv4 address).</summary>
public static class LabTargets
{
    /// <summary>The pod <paramref name="text"/> names (<c>ns/pod</c>, or one of its addresses) in <paramref name="directory"/>'s lab.</summary>
    /// <exception cref="LabException">The lab has no such pod.</exception>
    public static ProbeTarget Find(LabDirectory directory, string text)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(text);
        LabPod? pod;
        if (IPAddress.TryParse(text, out var address))
        {
            pod = directory.LoadPods().FirstOrDefault(p => p.Addresses.Any(a => IPAddress.Parse(a.Split('/')[0]).Equals(address)))
                ?? throw new LabException($"{text} is not the address of a pod of lab {directory.Name} (a real probe runs between the lab's pods)");
        }
        else
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            pod = (slash > 0 ? directory.LoadPod(text[..slash], text[(slash + 1)..]) : null)
                ?? throw new LabException($"lab {directory.Name} has no pod {text} (calico-lab status lists them)");
        }

        var ipv4 = pod.Addresses.Select(a => IPAddress.Parse(a.Split('/')[0])).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new LabException($"pod {pod.Namespace}/{pod.Name} has no IPv4 address");
        return new ProbeTarget($"{pod.Namespace}/{pod.Name}", pod.NetworkNamespace, ipv4);
    }
}
