using System.CommandLine;
using System.Net.Sockets;
using Calico.Bgp.Control;
using Calico.Bgp.Peers;

namespace Calico.Ctl.Commands;

/// <summary>
/// node status: as Calico prints it. "Calico process is running." when a calico-node process runs or BIRD's socket
/// answers (else the error "Calico process is not running."); then for IPv4 and IPv6 a table of the BGP sessions
/// BIRD reports (<c>show protocols</c>), typed by their protocol name (Mesh_, Node_, Global_). BIRD 2 serves both
/// families from one daemon, so IPv6 reads the same socket unless CALICO_BIRD6_SOCKET names another.
/// </summary>
internal static class NodeStatusCommand
{
    /// <summary>Overrides the socket of the IPv4 BIRD (a lab points it at one node's BIRD).</summary>
    public const string SocketVariable = "CALICO_BIRD_SOCKET";

    /// <summary>Overrides the socket the IPv6 sessions are read from (default: the IPv4 one).</summary>
    public const string Socket6Variable = "CALICO_BIRD6_SOCKET";

    public const string DefaultSocket = "/var/run/calico/bird.ctl";

    private static readonly string[] Headers = ["PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO"];

    public static Command Create(CommandContext context)
    {
        var command = new Command("status", "Check the status of the Calico node instance: its BGP peering states.");
        command.Options.Add(new Option<bool>("--allow-version-mismatch") { Description = "Accepted for compatibility." });
        command.SetAction(async (_, ct) =>
        {
            var variables = context.Environment.Variables;
            var socket4 = Variable(variables, SocketVariable) ?? DefaultSocket;
            var socket6 = Variable(variables, Socket6Variable) ?? socket4;
            var v4 = await QueryAsync(socket4, ct).ConfigureAwait(false);
            var v6 = string.Equals(socket6, socket4, StringComparison.Ordinal) ? v4 : await QueryAsync(socket6, ct).ConfigureAwait(false);
            if (v4 is null && v6 is null && !context.Environment.ProcessProbe.IsCalicoNodeRunning())
            {
                throw new CtlException("Calico process is not running.");
            }

            var output = context.Out;
            await output.WriteLineAsync("Calico process is running.").ConfigureAwait(false);
            Print(output, "4", AddressFamily.InterNetwork, v4);
            Print(output, "6", AddressFamily.InterNetworkV6, v6);
            await output.WriteLineAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>BIRD's protocols, or null when nothing answers on <paramref name="socketPath"/>.</summary>
    internal static async ValueTask<IReadOnlyList<BirdProtocol>?> QueryAsync(string socketPath, CancellationToken ct)
    {
        BirdControlClient client;
        try
        {
            client = await BirdControlClient.ConnectAsync(socketPath, BirdControlClient.DefaultTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }

        await using (client.ConfigureAwait(false))
        {
            try
            {
                return await client.ShowProtocolsAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BirdReplyException or TimeoutException or IOException)
            {
                throw new CtlException($"Error executing command: {e.Message}");
            }
        }
    }

    private static void Print(TextWriter output, string version, AddressFamily family, IReadOnlyList<BirdProtocol>? protocols)
    {
        output.WriteLine();
        output.WriteLine($"IPv{version} BGP status");
        if (protocols is null)
        {
            output.WriteLine("The BGP backend process (BIRD) is not running.");
            return;
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var protocol in protocols.Where(p => p.IsBgp))
        {
            if (PeerName.TryParse(protocol.Name, out var peer) && peer.Value.Address.AddressFamily == family)
            {
                rows.Add([peer.Value.Address.ToString(), peer.Value.DisplayType, protocol.State, protocol.Since, protocol.Info]);
            }
        }

        if (rows.Count == 0)
        {
            output.WriteLine($"No IPv{version} peers found.");
            return;
        }

        IpamTableWriter.Write(output, Headers, rows, new HashSet<int>());
    }

    private static string? Variable(IReadOnlyDictionary<string, string?> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
