namespace Calico.Bgp.Control;

/// <summary>One row of BIRD's <c>show protocols</c>: <c>Mesh_10_0_0_2  BGP  ---  up  06:08:38.157  Established</c>.</summary>
/// <param name="Since">When the state last changed, as BIRD prints it (a time today, else a date).</param>
/// <param name="Info">The rest of the row: for BGP the session state and maybe a reason ("Active Socket: Connection refused").</param>
public sealed record BirdProtocol(string Name, string Proto, string Table, string State, string Since, string Info)
{
    private static readonly string[] ExpectedHeadings = ["name", "proto", "table", "state", "since", "info"];

    public bool IsBgp => string.Equals(Proto, "BGP", StringComparison.Ordinal);

    /// <summary>
    /// The rows of a <c>show protocols</c> reply (heading code 2002, rows 1002), in BIRD's order. Throws
    /// <see cref="BirdReplyException"/> when the headings are not BIRD's (BIRD 1 writes them in lower case, BIRD 2 capitalised).
    /// </summary>
    public static IReadOnlyList<BirdProtocol> ParseTable(BirdReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var protocols = new List<BirdProtocol>();
        foreach (var line in reply.Lines)
        {
            if (line.Code == 2002)
            {
                var headings = line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => h.ToLowerInvariant());
                if (!headings.SequenceEqual(ExpectedHeadings, StringComparer.Ordinal))
                {
                    throw new BirdReplyException($"unknown BIRD table output format: \"{line.Text.Trim()}\"");
                }
            }
            else if (line.Code == 1002)
            {
                var columns = line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length >= 5)
                {
                    protocols.Add(new BirdProtocol(columns[0], columns[1], columns[2], columns[3], columns[4], string.Join(' ', columns.Skip(5))));
                }
            }
        }

        return protocols;
    }
}
