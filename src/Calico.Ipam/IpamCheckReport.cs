using System.Text.Json;
using Calico.Ipam.Check;

namespace Calico.Ipam;

/// <summary>The machine-readable result of <see cref="IIpamClient.CheckAsync"/> (<c>calicoctl ipam check -o FILE</c>).</summary>
public sealed record IpamCheckReport
{
    /// <summary>The report format this build writes and reads.</summary>
    public const string CurrentFormat = "calico-ipam-check/v1";

    /// <summary>The report format.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>What produced the report.</summary>
    public string Producer { get; init; } = string.Empty;

    /// <summary>When the check ran.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The datastore revision when the check started.</summary>
    public long DatastoreRevision { get; init; }

    /// <summary>What the check looked at.</summary>
    public IpamCheckCounts Counts { get; init; } = new();

    /// <summary>Every problem found, in a stable order.</summary>
    public IReadOnlyList<IpamFinding> Findings { get; init; } = [];

    /// <summary>True when nothing is wrong.</summary>
    public bool IsClean => Findings.Count == 0;

    /// <summary>Findings of one kind.</summary>
    public int Count(IpamFindingKind kind) => Findings.Count(f => f.Kind == kind);

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, IpamReportJsonContext.Readable.IpamCheckReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="IpamException"><see cref="IpamErrorKind.InvalidRequest"/>: not a report of a format this build reads.</exception>
    public static IpamCheckReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        IpamCheckReport? report;
        try
        {
            report = JsonSerializer.Deserialize(json, IpamReportJsonContext.Default.IpamCheckReport);
        }
        catch (JsonException e)
        {
            throw new IpamException(IpamErrorKind.InvalidRequest, $"not an IPAM check report: {e.Message}", e);
        }

        if (report is null || !string.Equals(report.Format, CurrentFormat, StringComparison.Ordinal))
        {
            throw new IpamException(IpamErrorKind.InvalidRequest,
                $"not an IPAM check report of format {CurrentFormat} (found format \"{report?.Format}\"); run the check again with this version");
        }

        return report;
    }
}
