namespace Calico.Ipam.Check;

/// <summary>A resource that uses an address: a WorkloadEndpoint (with its container) or a Node (with the field).</summary>
/// <param name="Description">How reports name it: "Workload(ns/name)" or "Node(name)", as calicoctl does.</param>
/// <param name="ContainerId">The WorkloadEndpoint's spec.containerID.</param>
/// <param name="Node">The Node's name.</param>
/// <param name="NodeField">Which Node field holds the address (see <see cref="HandleOwner"/>).</param>
internal sealed record AddressOwner(string Description, string? ContainerId, string? Node, string? NodeField);
