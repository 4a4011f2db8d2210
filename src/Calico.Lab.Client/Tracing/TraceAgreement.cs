using Calico.Lab.Probing;
using Calico.Policy.Evaluation;

namespace Calico.Lab.Tracing;

/// <summary>What the policy model says about a flow beside what a real probe of it saw in the kernel.</summary>
/// <param name="Verdict">The model's verdict, with its trace (what <c>calicoctl policy trace</c> prints).</param>
/// <param name="Probe">What the probe saw.</param>
public sealed record TraceAgreement(FlowVerdict Verdict, ProbeOutcome Probe)
{
    /// <summary>True when the kernel did what the model says.</summary>
    public bool Agrees => Verdict.Allowed == Probe.Allowed;

    /// <summary><c>kernel agrees: allowed</c>, or <c>kernel DISAGREES: model says allowed, probe was denied (why)</c>.</summary>
    public override string ToString() => Agrees
        ? $"kernel agrees: {Word(Probe.Allowed)} ({Probe.Detail})"
        : $"kernel DISAGREES: model says {Word(Verdict.Allowed)}, probe was {Word(Probe.Allowed)} ({Probe.Detail})";

    private static string Word(bool allowed) => allowed ? "allowed" : "denied";
}
