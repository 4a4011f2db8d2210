namespace Calico.Conformance.Tests.Scenarios;

public enum StepAction
{
    /// <summary>calicoctl apply -f.</summary>
    Apply,

    /// <summary>calicoctl delete -f (the documents name what to delete).</summary>
    Delete,
}

/// <summary>One write of a scenario (YAML with placeholders) and the spot checks that hold after it.</summary>
public sealed record ScenarioStep(StepAction Action, string Description, string Yaml, IReadOnlyList<Expectation> Expectations)
{
    public override string ToString() => $"{Action.ToString().ToLowerInvariant()}: {Description}";
}
