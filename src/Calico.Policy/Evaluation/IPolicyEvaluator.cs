namespace Calico.Policy.Evaluation;

/// <summary>Evaluates flows against a policy snapshot, explaining each verdict.</summary>
public interface IPolicyEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="flow"/>: the source endpoint's egress policy, then the destination
    /// endpoint's ingress policy (only for endpoints the snapshot knows).
    /// </summary>
    /// <exception cref="ArgumentException">A peer is not in the snapshot, has no address of the flow's IP version, or the addresses mix versions.</exception>
    public FlowVerdict Evaluate(Flow flow);
}
