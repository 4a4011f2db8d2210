using System.Text;
using Calico.Api.Values;
using Calico.Policy.Ids;

namespace Calico.Policy.Evaluation;

/// <summary>The outcome of one endpoint's policy for one direction of a flow, with the trace that led to it.</summary>
/// <param name="Endpoint">The endpoint whose policy was evaluated.</param>
/// <param name="EndpointName">Its display name.</param>
/// <param name="Direction">Egress (the source endpoint) or Ingress (the destination endpoint).</param>
/// <param name="Allowed">Whether the packet may pass.</param>
/// <param name="Steps">What was evaluated, in order; the last step decided.</param>
public sealed record DirectionVerdict(EndpointId Endpoint, string EndpointName, PolicyType Direction, bool Allowed, IReadOnlyList<TraceStep> Steps)
{
    /// <summary>The step that decided.</summary>
    public TraceStep Decision => Steps[^1];

    /// <summary>E.g. <c>ingress of y/b: deny (end of tier default: default Deny)</c>.</summary>
    public string Summary => $"{Direction.ToString().ToLowerInvariant()} of {EndpointName}: {(Allowed ? "allow" : "deny")} ({Decision.Text})";

    /// <summary>The summary followed by every step, indented.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Summary);
        AppendSteps(builder, "  ");
        return builder.ToString();
    }

    internal void AppendSteps(StringBuilder builder, string indent)
    {
        foreach (var step in Steps)
        {
            builder.Append('\n').Append(indent);
            for (var i = 0; i < step.Depth; i++)
            {
                builder.Append("  ");
            }

            builder.Append(step.Text);
        }
    }
}
