using System.Net;
using Calico.Policy;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Reachability;
using Calico.Policy.Snapshot;

namespace Calico.Conformance.Tests.Model;

/// <summary>The matrices the policy model expects, for pods and for the lab's hosts.</summary>
public static class ExpectedMatrices
{
    /// <summary>
    /// Every probe between the named pods (<c>ns/pod</c>), as the model evaluates it. A pod's probe to its own address
    /// never leaves the pod's namespace (the kernel loops it back), so no Calico rule ever sees it: those cells are
    /// allowed whatever the policy, and are set so here rather than left to the model.
    /// </summary>
    public static ReachabilityMatrix ForPods(PolicyModel model, IReadOnlyList<string> pods, IReadOnlyList<Probe> probes)
    {
        var endpoints = pods.Select(name => model.Snapshot.Workload(name.Split('/')[0], name.Split('/')[1])).ToList();
        var computed = ReachabilityMatrix.Compute(model.Evaluator, endpoints, probes);
        if (!computed.Names.SequenceEqual(pods, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"the model names the pods {string.Join(", ", computed.Names)}, expected {string.Join(", ", pods)}");
        }

        return ReachabilityMatrix.FromFunction(pods, probes, (from, to, probe) =>
            string.Equals(from, to, StringComparison.Ordinal) || computed.IsAllowed(from, to, probe));
    }

    /// <summary>
    /// Probes between the underlay (a bare address outside the cluster) and <paramref name="node"/> through its eth0:
    /// the node end is the node's host endpoint for eth0 (or its <c>*</c> host endpoint) when there is one, else a bare
    /// address that no policy applies to. A host's probe to its own address stays on its loopback: allowed.
    /// </summary>
    public static ReachabilityMatrix ForHosts(PolicyModel model, string node, IPAddress nodeAddress, IPAddress underlayAddress, IReadOnlyList<Probe> probes)
    {
        FlowPeer nodePeer = HostEndpointFor(model.Snapshot, node, "eth0") is { } hep ? new EndpointPeer(hep.Id, nodeAddress) : new AddressPeer(nodeAddress);
        FlowPeer underlayPeer = new AddressPeer(underlayAddress);
        return ReachabilityMatrix.FromFunction([KubeTestModel.UnderlayName, node], probes, (from, to, probe) =>
            string.Equals(from, to, StringComparison.Ordinal)
            || model.Evaluate(from == node ? probe.ToFlow(nodePeer, underlayPeer) : probe.ToFlow(underlayPeer, nodePeer)).Allowed);
    }

    /// <summary>The flow the model evaluates for one pod cell, for explaining a difference.</summary>
    public static Flow PodFlow(PolicyModel model, string from, string to, Probe probe) =>
        probe.ToFlow(model.Snapshot.Workload(from.Split('/')[0], from.Split('/')[1]), model.Snapshot.Workload(to.Split('/')[0], to.Split('/')[1]));

    private static ModelEndpoint? HostEndpointFor(PolicySnapshot snapshot, string node, string interfaceName)
    {
        var hosts = snapshot.Endpoints.Where(e => e.Id.Kind == EndpointKind.Host && string.Equals(e.Node, node, StringComparison.Ordinal)).ToList();
        return hosts.FirstOrDefault(e => string.Equals(e.InterfaceName, interfaceName, StringComparison.Ordinal))
            ?? hosts.FirstOrDefault(e => e.IsAllInterfacesHost);
    }
}
