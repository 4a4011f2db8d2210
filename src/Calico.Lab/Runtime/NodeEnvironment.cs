using Calico.Lab.ControlPlane;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// The environment calico-node gets in a node's namespace, assembled in one place: who it is, where the datastore is
/// (the SQLite file, or the etcd members' underlay URLs), how pods on different nodes meet (VXLAN or BIRD), and the
/// caller's FELIX_* settings; with Typha in the control plane, FELIX_TYPHAADDR (<see cref="ControlPlaneVariables"/>).
/// </summary>
internal sealed class NodeEnvironment(LabDirectory directory, LabState state, IReadOnlyDictionary<string, string?>? variables)
{
    /// <summary>NAME=VALUE assignments, each safe to put on a shell command line unquoted.</summary>
    public IReadOnlyList<string> For(LabNode node) =>
    [
        $"NODENAME={node.Name}",
        .. LabDatastoreAccess.UnderlayVariables(state),
        .. ControlPlaneVariables(),
        "FELIX_HEALTHENABLED=true", "FELIX_PROMETHEUSMETRICSENABLED=true",
        "IP_AUTODETECTION_METHOD=interface=eth0", $"CALICO_NETWORKING_BACKEND={(state.Mode == LabModes.Bgp ? "bird" : "vxlan")}",
        $"CALICO_BIRD_CONFIG={Path.Combine(directory.BirdDirectory, node.Name + ".cfg")}", $"CALICO_BIRD_SOCKET={directory.BirdSocket(node.Name)}",
        $"CALICO_BIRD_PIDFILE={Path.Combine(directory.BirdDirectory, node.Name + ".pid")}",
        .. FelixVariables(),
    ];

    /// <summary>
    /// What calico-node needs of control-plane services beyond the datastore: with Typha (up --typha), its underlay
    /// address, so Felix takes its snapshot and changes from Typha instead of watching the datastore itself.
    /// </summary>
    private IEnumerable<string> ControlPlaneVariables() => state.ControlPlane?.Typha is { } typha ? [$"FELIX_TYPHAADDR={typha.Endpoint}"] : [];

    private IEnumerable<string> FelixVariables()
    {
        foreach (var (name, value) in variables ?? new Dictionary<string, string?>())
        {
            if (!name.StartsWith("FELIX_", StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            yield return ShellSafeAssignment(name, value);
        }
    }

    /// <summary>NAME=VALUE for a shell command line, refused (naming it) when it would need quoting.</summary>
    public static string ShellSafeAssignment(string name, string value) => IsShellSafe(name) && IsShellSafe(value)
        ? $"{name}={value}"
        : throw new LabException($"{name}=\"{value}\": only letters, digits and . _ : / , - can be passed to calico-node and calico-typha");

    private static bool IsShellSafe(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '/' or ',' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
