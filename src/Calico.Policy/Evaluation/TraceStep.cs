using Calico.Api.Values;
using Calico.Policy.Ids;

namespace Calico.Policy.Evaluation;

/// <summary>One step of an evaluation trace, with a human-readable <see cref="Text"/> and structured details.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Text">The step as one line, e.g. <c>policy x/allow (order 10): rule 0 Allow</c>.</param>
public sealed record TraceStep(TraceStepKind Kind, string Text)
{
    /// <summary>Nesting depth for printing (policy steps are inside their tier).</summary>
    public int Depth { get; init; }

    /// <summary>The tier concerned, if any.</summary>
    public string? Tier { get; init; }

    /// <summary>The policy concerned, if any.</summary>
    public PolicyId? Policy { get; init; }

    /// <summary>The profile concerned, if any.</summary>
    public string? Profile { get; init; }

    /// <summary>The index of the rule that matched, if any.</summary>
    public int? RuleIndex { get; init; }

    /// <summary>The action taken (a rule's action or a tier's default), if any.</summary>
    public RuleAction? Action { get; init; }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;
}
