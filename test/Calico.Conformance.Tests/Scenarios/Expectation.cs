using Calico.Policy.Reachability;

namespace Calico.Conformance.Tests.Scenarios;

/// <summary>
/// A spot check written in a scenario (<c>#! expect: x/b -&gt; x/a tcp/80 deny</c>, or <c>#! host-expect:</c> for the
/// host matrix): what the scenario is about, stated by hand. The model's matrix must agree with it (checked offline
/// by ScenarioCatalogTests and again in the lab), so a scenario whose YAML says something else than its intent fails.
/// </summary>
public sealed record Expectation(string From, string To, Probe Probe, bool Allowed, bool OnHosts)
{
    public static Expectation Parse(string text, bool onHosts)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5 || parts[1] != "->" || parts[4] is not ("allow" or "deny"))
        {
            throw new FormatException($"expectation \"{text}\" is not FROM -> TO PROTO/PORT allow|deny");
        }

        return new Expectation(parts[0], parts[2], Probe.Parse(parts[3]), parts[4] == "allow", onHosts);
    }

    /// <summary>Null when <paramref name="matrix"/> agrees, else what differs.</summary>
    public string? Check(ReachabilityMatrix matrix) =>
        !matrix.Probes.Contains(Probe) ? null
        : matrix.IsAllowed(From, To, Probe) == Allowed ? null
        : $"{this}, but the model's matrix says {(Allowed ? "deny" : "allow")}";

    public override string ToString() => $"{(OnHosts ? "host-expect" : "expect")}: {From} -> {To} {Probe} {(Allowed ? "allow" : "deny")}";
}
