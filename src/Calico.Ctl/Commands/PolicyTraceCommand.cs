using System.CommandLine;
using System.Net;
using Calico.Lab.Tracing;
using Calico.Policy;
using Calico.Policy.Evaluation;

namespace Calico.Ctl.Commands;

/// <summary>
/// policy trace --from NS/POD|IP --to NS/POD|IP [--port P] [--protocol TCP]: the verdict and, for each direction, the
/// tiers, policies and rule that decided, from the same policy model Felix uses; with --verify, in a calico-lab, a real
/// probe of the flow and whether the kernel agrees (<see cref="PolicyTraceVerification"/>).
/// </summary>
internal static class PolicyTraceCommand
{
    public static Command Create(CommandContext context)
    {
        var policy = new Command("policy", "Explain how policy treats traffic.");
        var trace = new Command("trace", "Which tier, policy and rule decide a flow, in each direction.");
        var from = new Option<string>("--from") { Description = "Source: NAMESPACE/POD or an IP address.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: NAMESPACE/POD or an IP address.", Required = true };
        var port = new Option<int?>("--port", "-p") { Description = "Destination port (TCP/UDP/SCTP)." };
        var protocol = new Option<string>("--protocol") { Description = "TCP (default), UDP, SCTP, ICMP or ICMPv6.", DefaultValueFactory = _ => "TCP" };
        var verify = new Option<bool>("--verify") { Description = "In a calico-lab: send a real probe from the source pod to the destination and say whether the kernel agrees (exit 1 when it does not)." };
        var config = CommonOptions.Config();
        foreach (var option in new Option[] { from, to, port, protocol, verify, config })
        {
            trace.Options.Add(option);
        }

        trace.SetAction(async (parsed, ct) =>
        {
            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var model = PolicyModel.Create(await PolicyResources.ReadAsync(session.Datastore, ct).ConfigureAwait(false));
            var source = Peer(model, parsed.GetValue(from)!, "--from");
            var destination = Peer(model, parsed.GetValue(to)!, "--to");
            var flow = (parsed.GetValue(protocol) ?? "TCP").ToUpperInvariant() switch
            {
                "TCP" => Flow.Tcp(source, destination, RequirePort(parsed.GetValue(port))),
                "UDP" => Flow.Udp(source, destination, RequirePort(parsed.GetValue(port))),
                "SCTP" => Flow.Sctp(source, destination, RequirePort(parsed.GetValue(port))),
                "ICMP" => Flow.Icmp(source, destination),
                "ICMPV6" => Flow.IcmpV6(source, destination),
                var other => throw new CtlException($"--protocol \"{other}\" is not TCP, UDP, SCTP, ICMP or ICMPv6"),
            };

            var verdict = model.Evaluate(flow);
            await context.Out.WriteLineAsync(verdict.ToString()).ConfigureAwait(false);
            foreach (var warning in model.Snapshot.Warnings)
            {
                await context.Out.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            return parsed.GetValue(verify)
                ? await PolicyTraceVerification.VerifyAsync(context, verdict, parsed.GetValue(from)!, parsed.GetValue(to)!).ConfigureAwait(false)
                : 0;
        });
        policy.Subcommands.Add(trace);
        return policy;
    }

    private static int RequirePort(int? port) =>
        port is >= 1 and <= 65535 ? port.Value : throw new CtlException("--port is required for TCP, UDP and SCTP (1-65535)");

    private static FlowPeer Peer(PolicyModel model, string text, string option)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return model.Snapshot.Endpoints.FirstOrDefault(e => e.Owns(address)) is { } owner ? new EndpointPeer(owner.Id, address) : new AddressPeer(address);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new CtlException($"{option} \"{text}\" is not NAMESPACE/POD or an IP address");
        }

        try
        {
            return model.Snapshot.Workload(text[..slash], text[(slash + 1)..]);
        }
        catch (KeyNotFoundException)
        {
            throw new CtlException($"{option} {text}: no workload endpoint for that pod (calicoctl get wep -n {text[..slash]} lists them)");
        }
    }
}
