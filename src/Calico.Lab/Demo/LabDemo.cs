using System.Diagnostics;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;
using Calico.Lab.Nodes;
using Calico.Lab.Probing;
using Calico.Lab.Runtime;
using Calico.Lab.Seed;
using Calico.Lab.State;
using Calico.Lab.Tracing;
using Calico.Policy;
using Calico.Policy.Reachability;

namespace Calico.Lab.Demo;

/// <summary>
/// <c>calico-lab up --demo</c>, after the cluster is up: the seed's IPPool; namespace app with frontend, web-api (TCP
/// 8080 and 9090) and other; echo listeners in the pods (sockets made inside their namespaces by this process, so they
/// end with it); the reachability matrix probed for real; the seed's NetworkPolicy applied and waited for until every
/// node's calico-node has programmed it (felix_programmed_revision); the matrix again, with one line per changed cell
/// saying which policy and rule changed it, from the same policy model Felix uses.
/// </summary>
internal sealed class LabDemo(LabDirectory directory, LabState state, LabEnvironment environment)
{
    public const string Namespace = "app";

    private static readonly Probe Http = Probe.Tcp(8080);
    private static readonly Probe Metrics = Probe.Tcp(9090);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the first matrix may take to match the model (pods on other nodes wait for routes: BGP, VXLAN).</summary>
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(60);

    private readonly Prober _prober = new(SourcePorts.FromRandomOffset());

    private TextWriter Out => environment.Stdout;

    public async Task RunAsync(CancellationToken ct)
    {
        await ApplySeedPoolAsync(ct).ConfigureAwait(false);
        var frontend = await AddPodAsync("frontend", "app=frontend", string.Empty, ct).ConfigureAwait(false);
        var webApi = await AddPodAsync("web-api", "app=web-api", "http=8080/TCP,metrics=9090/TCP", ct).ConfigureAwait(false);
        var other = await AddPodAsync("other", "app=other", string.Empty, ct).ConfigureAwait(false);
        ProbeTarget[] pods = [frontend, webApi, other];
        var table = new MatrixTable(pods, [(frontend, Http), (webApi, Http), (other, Http), (webApi, Metrics)], environment.Color);
        await Out.WriteLineAsync("demo: echo servers listen on TCP 8080 in every pod and on 9090 in web-api (sockets inside the pods' namespaces, closed when the demo ends)").ConfigureAwait(false);
        var listeners = new List<EchoListeners>();
        try
        {
            listeners.AddRange(pods.Select(p => EchoListeners.Start(p, p == webApi ? [Http, Metrics] : [Http])));
            await WaitProgrammedAsync(await RevisionAsync(ct).ConfigureAwait(false), "the pods' endpoints", ct).ConfigureAwait(false);
            var before = await ProbeAsync(table.Cells, ConvergeTimeout, ct).ConfigureAwait(false);
            await Out.WriteLineAsync().ConfigureAwait(false);
            await Out.WriteAsync(table.Render("Reachability before the policy (TCP, real connections; row = from, column = to:port):", before)).ConfigureAwait(false);
            await Out.WriteLineAsync().ConfigureAwait(false);

            var revision = await ApplyAsync(SeedResources.NetworkPolicyYaml, SeedResources.NetworkPolicyFile, ct).ConfigureAwait(false);
            await WaitProgrammedAsync(revision, "the seed's policy", ct).ConfigureAwait(false);
            var after = await ProbeAsync(table.Cells, RetryTimeout * 2, ct).ConfigureAwait(false);
            await Out.WriteLineAsync().ConfigureAwait(false);
            await Out.WriteAsync(table.Render("Reachability after app/allow-frontend-to-api (the seed's calico-network-policy.yaml):", after)).ConfigureAwait(false);
            await Out.WriteLineAsync().ConfigureAwait(false);
            await ExplainAsync(table.Cells, before, after).ConfigureAwait(false);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Out.WriteLineAsync().ConfigureAwait(false);
        await Out.WriteLineAsync($"explain any cell: calicoctl policy trace --from {Namespace}/other --to {Namespace}/web-api --port 8080 --verify   (after: eval \"$(calico-lab env{NameOption()})\")").ConfigureAwait(false);
    }

    /// <summary>
    /// The seed's pool is the lab's default pool in vxlan mode (same name, CIDR and settings), so applying it changes
    /// nothing there. A bgp lab keeps vxlanMode Never: the seed's vxlanMode Always would put the overlay back on.
    /// </summary>
    private async Task ApplySeedPoolAsync(CancellationToken ct)
    {
        if (state.Mode == LabModes.Bgp)
        {
            await Out.WriteLineAsync($"demo: not applying the seed's {SeedResources.IpPoolFile} (vxlanMode Always): this bgp lab's default-ipv4-ippool is the seed's with vxlanMode Never").ConfigureAwait(false);
            return;
        }

        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        var results = await new ResourceStore(datastore, TimeProvider.System)
            .WriteAsync(ResourceCodec.Decode(SeedResources.IpPoolYaml, SeedResources.IpPoolFile), WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
        foreach (var result in results)
        {
            await Out.WriteLineAsync($"demo: applied the seed's {SeedResources.IpPoolFile}: ippool {result.Resource.Metadata.Name} {result.Outcome.ToString().ToLowerInvariant()}"
                + (result.Outcome == WriteOutcome.Unchanged ? " (the lab's default pool is the seed's)" : string.Empty)).ConfigureAwait(false);
        }
    }

    private async Task<ProbeTarget> AddPodAsync(string name, string labels, string ports, CancellationToken ct)
    {
        var spec = new PodSpecification(Namespace, name, PodSpecification.ParseLabels(labels), PodSpecification.ParsePorts(ports), "default", null);
        var pod = await new PodRuntime(directory, state, environment.PluginDirectory).AddAsync(spec, ct).ConfigureAwait(false);
        await Out.WriteLineAsync($"demo: pod {pod.Namespace}/{pod.Name} ({labels}) on {pod.Node}: {string.Join(", ", pod.Addresses)}").ConfigureAwait(false);
        return LabTargets.Find(directory, $"{pod.Namespace}/{pod.Name}");
    }

    private async Task<long> ApplyAsync(string yaml, string file, CancellationToken ct)
    {
        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        var results = await new ResourceStore(datastore, TimeProvider.System).WriteAsync(ResourceCodec.Decode(yaml, file), WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
        foreach (var result in results)
        {
            await Out.WriteLineAsync($"demo: applied the seed's {file}: {result.Input.Kind.Kind} {result.Resource.Metadata.Namespace}/{result.Resource.Metadata.Name} {result.Outcome.ToString().ToLowerInvariant()}").ConfigureAwait(false);
        }

        return await datastore.GetRevisionAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Waits until every node's calico-node has programmed <paramref name="revision"/> (felix_programmed_revision).</summary>
    private async Task WaitProgrammedAsync(long revision, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(state.Nodes.Select(n => new ProgrammedRevision(n.Name, n.Namespace, ProgramTimeout).WaitAsync(revision, what, ct))).ConfigureAwait(false);
        await Out.WriteLineAsync($"demo: {what} programmed by calico-node on {string.Join(", ", state.Nodes.Select(n => n.Name))} (datastore revision {revision}, {clock.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);
    }

    /// <summary>
    /// Probes every cell at once, then probes again the cells where the kernel disagrees with the model, until they agree
    /// or <paramref name="patience"/> is over (a probe lost on a loaded machine, or routes to another node still coming).
    /// </summary>
    private async Task<Dictionary<ProbeCell, TraceAgreement>> ProbeAsync(IReadOnlyList<ProbeCell> cells, TimeSpan patience, CancellationToken ct)
    {
        PolicyModel model;
        await using (var datastore = await OpenAsync(ct).ConfigureAwait(false))
        {
            model = await PolicyResources.ModelAsync(datastore, ct).ConfigureAwait(false);
        }

        var results = new Dictionary<ProbeCell, TraceAgreement>();
        var clock = Stopwatch.StartNew();
        var pending = cells;
        var timeout = ProbeTimeout;
        while (true)
        {
            var outcomes = await _prober.ProbeAsync(pending, timeout).ConfigureAwait(false);
            for (var i = 0; i < pending.Count; i++)
            {
                results[pending[i]] = Judge(model, pending[i], outcomes[i]);
            }

            pending = [.. pending.Where(c => !results[c].Agrees)];
            if (pending.Count == 0 || clock.Elapsed > patience)
            {
                return results;
            }

            timeout = RetryTimeout;
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static TraceAgreement Judge(PolicyModel model, ProbeCell cell, ProbeOutcome outcome) =>
        TraceVerifier.Judge(model, cell.From.Name, cell.To.Name, cell.Probe, outcome);

    private async Task ExplainAsync(IReadOnlyList<ProbeCell> cells, Dictionary<ProbeCell, TraceAgreement> before, Dictionary<ProbeCell, TraceAgreement> after)
    {
        await Out.WriteLineAsync("What changed, and why (from the policy model, as calicoctl policy trace explains it):").ConfigureAwait(false);
        foreach (var cell in cells.Where(c => c.From != c.To))
        {
            var (was, now) = (before[cell], after[cell]);
            var name = $"{MatrixTable.ShortName(cell.From)} → {MatrixTable.ShortName(cell.To)}:{cell.Probe.Port}";
            var reason = CellChange.Reason(now.Verdict);
            if (was.Probe.Allowed != now.Probe.Allowed)
            {
                await Out.WriteLineAsync($"  {name} now {reason}").ConfigureAwait(false);
            }
            else if (!string.Equals(CellChange.Reason(was.Verdict), reason, StringComparison.Ordinal))
            {
                await Out.WriteLineAsync($"  {name} still {reason}").ConfigureAwait(false);
            }
        }
    }

    private string NameOption() => string.Equals(state.Name, LabDirectory.DefaultLabName, StringComparison.Ordinal) ? string.Empty : $" --name {state.Name}";

    private async Task<long> RevisionAsync(CancellationToken ct)
    {
        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        return await datastore.GetRevisionAsync(ct).ConfigureAwait(false);
    }

    private ValueTask<IDatastore> OpenAsync(CancellationToken ct) =>
        Calico.Lab.ControlPlane.LabDatastoreAccess.OpenAsync(state, ct);
}
