using Calico.Lab;
using Calico.Lab.Probing;
using Calico.Lab.State;
using Calico.Lab.Tracing;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;

namespace Calico.Ctl.Commands;

/// <summary>
/// policy trace --verify: in a calico-lab (CALICO_LAB_NAME and CALICO_LAB_STATE_DIR, as <c>calico-lab env</c> exports
/// them), sends a real probe of the traced flow from inside the source pod's network namespace and says whether the
/// kernel agrees with the model's verdict (the same comparison the conformance runner makes for every probed cell).
/// </summary>
internal static class PolicyTraceVerification
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Prints the agreement; 0 when the kernel agrees, 1 when it does not.</summary>
    public static async Task<int> VerifyAsync(CommandContext context, FlowVerdict verdict, string from, string to)
    {
        var flow = verdict.Flow;
        if (flow.Protocol is not (ProtocolNames.Tcp or ProtocolNames.Udp or ProtocolNames.Sctp) || flow.DestinationPort is not { } port)
        {
            throw new CtlException("--verify probes TCP, UDP or SCTP to a port");
        }

        var variables = context.Environment.Variables;
        if (!variables.TryGetValue("CALICO_LAB_NAME", out var lab) || string.IsNullOrEmpty(lab))
        {
            throw new CtlException("--verify sends a real probe between a calico-lab's pods: point calicoctl at the lab with eval \"$(calico-lab env)\" (it sets CALICO_LAB_NAME and CALICO_LAB_STATE_DIR)");
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new CtlException("--verify needs root (it enters the pods' network namespaces)");
        }

        try
        {
            var directory = LabDirectory.For(lab, variables);
            var state = directory.Load();
            if (string.Equals(state.Datastore, LabDatastores.Etcd, StringComparison.Ordinal))
            {
                if (!variables.TryGetValue("DATASTORE_TYPE", out var type) || !string.Equals(type, "etcdv3", StringComparison.Ordinal))
                {
                    throw new CtlException($"--verify: lab {lab}'s datastore is etcd, but DATASTORE_TYPE is not etcdv3: the model and the probe would not be of the same cluster (eval \"$(calico-lab env --name {lab})\")");
                }
            }
            else if (variables.TryGetValue("SQLITE_PATH", out var path) && !string.IsNullOrEmpty(path)
                && !string.Equals(Path.GetFullPath(path), Path.GetFullPath(state.DatastorePath), StringComparison.Ordinal))
            {
                throw new CtlException($"--verify: SQLITE_PATH is {path}, but lab {lab}'s datastore is {state.DatastorePath}: the model and the probe would not be of the same cluster");
            }

            var source = LabTargets.Find(directory, from);
            var destination = LabTargets.Find(directory, to);
            var verifier = new TraceVerifier(new Prober(SourcePorts.FromRandomOffset()), ProbeTimeout);
            var agreement = await verifier.VerifyAsync(verdict, source, destination, new Probe(flow.Protocol, port)).ConfigureAwait(false);
            await context.Out.WriteLineAsync(agreement.ToString()).ConfigureAwait(false);
            return agreement.Agrees ? 0 : 1;
        }
        catch (LabException e)
        {
            throw new CtlException($"--verify: {e.Message}");
        }
    }
}
