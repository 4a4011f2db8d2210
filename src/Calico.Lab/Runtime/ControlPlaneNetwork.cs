using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// The control-plane namespace &lt;lab&gt;-cp: joined to the underlay bridge by a veth as a node is (eth0,
/// <see cref="Address"/>, an address no node gets: nodes have .11 to .60), so every node reaches what runs in it over
/// the underlay. The etcd members (etcd labs) and calico-typha (--typha) run in it.
/// </summary>
internal static class ControlPlaneNetwork
{
    /// <summary>The control plane's underlay address: .1 is the nodes' gateway, .11 to .60 the nodes.</summary>
    public const string Address = LabTopology.UnderlayPrefix + ".2";

    public static LabControlPlane Plan(LabState state) => new()
    {
        Namespace = LabNamespaceNames.ControlPlane(state.Name),
        Address = $"{Address}/24",
    };

    public static async Task CreateAsync(LabState state, LabControlPlane controlPlane)
    {
        await NetworkNamespaces.CreateAsync(controlPlane.Namespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "add", "cp", "type", "veth", "peer", "name", "eth0", "netns", controlPlane.Namespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "set", "cp", "master", "br0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(controlPlane.Namespace, "addr", "add", controlPlane.Address, "dev", "eth0").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(controlPlane.Namespace, "link", "set", "eth0", "up").ConfigureAwait(false);

        // Typha's health and metrics listen on the namespace's 127.0.0.1.
        await NetworkNamespaces.IpAsync(controlPlane.Namespace, "link", "set", "lo", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(controlPlane.Namespace, "route", "add", "default", "via", $"{LabTopology.UnderlayPrefix}.1").ConfigureAwait(false);
    }
}
