using System.Text;
using Calico.Policy.Reachability;

namespace Calico.Conformance.Tests.Scenarios;

/// <summary>
/// Reads the scenario files (copied next to the test assembly under Scenarios/). A file is YAML for calicoctl with
/// directive lines starting with <c>#!</c>:
/// <code>
/// # What the scenario shows (the leading comment is its description).
/// #! probes: tcp/80 udp/53           pod probes (default: TCP and UDP 80, 81, and SCTP 80, 81 when available)
/// #! host-probes: tcp/22 tcp/80      also probe underlay &lt;-&gt; node1
/// ...YAML...                         the first step: applied
/// #! expect: x/b -> x/a tcp/80 deny  a spot check after the step above
/// #! apply: make it allow b          a further step, applied on top
/// ...YAML...
/// #! delete: remove the deny         a step that deletes the resources named below
/// ...YAML (kind and metadata suffice)...
/// </code>
/// YAML may use placeholders, filled in from the lab: <c>{{ip x/a}}</c>, <c>{{cidr x/a}}</c> (the pod's /32),
/// <c>{{pool}}</c>, <c>{{node-ip}}</c>, <c>{{underlay-ip}}</c>. After the last step everything any step applied is
/// deleted again.
/// </summary>
public static class ScenarioCatalog
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static IReadOnlyList<ConformanceScenario> All { get; } = Load(Directory);

    public static ConformanceScenario Named(string name) =>
        All.SingleOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal)) ?? throw new KeyNotFoundException($"no scenario {name}");

    public static IReadOnlyList<ConformanceScenario> Load(string directory) =>
        [.. System.IO.Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .Select(path => Parse(Path.GetRelativePath(directory, path)[..^".yaml".Length].Replace('\\', '/'), File.ReadAllText(path)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)];

    public static ConformanceScenario Parse(string name, string text)
    {
        var description = new StringBuilder();
        IReadOnlyList<Probe>? probes = null;
        IReadOnlyList<Probe> hostProbes = [];
        var steps = new List<ScenarioStep>();
        var action = StepAction.Apply;
        var stepDescription = "the scenario's resources";
        var yaml = new StringBuilder();
        var expectations = new List<Expectation>();
        var inHeader = true;

        void EndStep()
        {
            if (yaml.ToString().Trim().Length == 0 && steps.Count == 0 && expectations.Count == 0)
            {
                return;
            }

            if (yaml.ToString().Trim().Length == 0)
            {
                throw new FormatException($"scenario {name}: step \"{stepDescription}\" has no YAML");
            }

            steps.Add(new ScenarioStep(action, stepDescription, yaml.ToString(), [.. expectations]));
            yaml.Clear();
            expectations.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var directive = (colon < 0 ? line[2..] : line[2..colon]).Trim();
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
                switch (directive)
                {
                    case "probes" when inHeader:
                        probes = [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Probe.Parse)];
                        break;
                    case "host-probes" when inHeader:
                        hostProbes = [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Probe.Parse)];
                        break;
                    case "expect":
                    case "host-expect":
                        expectations.Add(Expectation.Parse(value, directive == "host-expect"));
                        break;
                    case "apply":
                    case "delete":
                        EndStep();
                        action = directive == "apply" ? StepAction.Apply : StepAction.Delete;
                        stepDescription = value.Length > 0 ? value : directive;
                        break;
                    default:
                        throw new FormatException($"scenario {name}: unknown or misplaced directive \"{line}\"");
                }

                continue;
            }

            if (inHeader && line.StartsWith('#'))
            {
                description.Append(line.TrimStart('#').Trim()).Append(' ');
                continue;
            }

            if (line.Trim().Length > 0)
            {
                inHeader = false;
            }

            yaml.Append(line).Append('\n');
        }

        EndStep();
        if (steps[0].Action != StepAction.Apply)
        {
            throw new FormatException($"scenario {name}: the first step must apply something");
        }

        if (hostProbes.Count == 0 && steps.Any(s => s.Expectations.Any(e => e.OnHosts)))
        {
            throw new FormatException($"scenario {name}: host-expect without host-probes");
        }

        return new ConformanceScenario(name, description.ToString().Trim(), probes, hostProbes, steps);
    }

    /// <summary>The YAML documents of <paramref name="yaml"/>, split on <c>---</c> lines, without empty ones.</summary>
    public static IReadOnlyList<string> Documents(string yaml) =>
        [.. yaml.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n')
            .Aggregate(new List<StringBuilder> { new() }, (docs, line) =>
            {
                if (line.TrimEnd() == "---")
                {
                    docs.Add(new StringBuilder());
                }
                else
                {
                    docs[^1].Append(line).Append('\n');
                }

                return docs;
            })
            .Select(d => d.ToString().TrimEnd('\n') + "\n")
            .Where(d => d.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))];
}
