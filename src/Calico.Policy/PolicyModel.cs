using Calico.Api;
using Calico.Api.Values;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Snapshot;

namespace Calico.Policy;

/// <summary>
/// Calico's network policy semantics in one place: a <see cref="PolicySnapshot"/> of resources, an
/// <see cref="IPolicyResolver"/> (which tiers and policies apply to an endpoint) and an
/// <see cref="IPolicyEvaluator"/> (is a flow allowed, and why). Pure: no kernel, datastore or I/O;
/// immutable and safe to share between threads.
/// </summary>
public sealed class PolicyModel
{
    private PolicyModel(PolicySnapshot snapshot)
    {
        Snapshot = snapshot;
        Resolver = new PolicyResolver(snapshot);
        Evaluator = new PolicyEvaluator(snapshot, Resolver);
    }

    /// <summary>The resources, converted.</summary>
    public PolicySnapshot Snapshot { get; }

    /// <summary>Which policies apply to which endpoint, in order.</summary>
    public IPolicyResolver Resolver { get; }

    /// <summary>Flow verdicts with explanations.</summary>
    public IPolicyEvaluator Evaluator { get; }

    /// <summary>A model over <paramref name="snapshot"/>.</summary>
    public static PolicyModel Create(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PolicyModel(snapshot);
    }

    /// <summary>A model over <paramref name="resources"/> (see <see cref="PolicySnapshotBuilder"/> for the kinds used).</summary>
    /// <exception cref="PolicyModelException">A resource cannot be converted.</exception>
    public static PolicyModel Create(IEnumerable<Resource> resources) =>
        new(new PolicySnapshotBuilder().AddRange(resources).Build());

    /// <summary>Evaluates a flow (see <see cref="IPolicyEvaluator.Evaluate"/>).</summary>
    public FlowVerdict Evaluate(Flow flow) => Evaluator.Evaluate(flow);

    /// <summary>The tiers and policies for an endpoint (see <see cref="IPolicyResolver.Resolve"/>).</summary>
    public EndpointPolicies Resolve(EndpointId endpoint, PolicyType direction, PolicyStage stage = PolicyStage.Normal) =>
        Resolver.Resolve(endpoint, direction, stage);
}
