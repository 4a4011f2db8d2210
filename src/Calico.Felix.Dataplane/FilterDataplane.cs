using Calico.Api.Values;
using Calico.Felix.Dataplane.Policy;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Snapshot;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane;

/// <summary>
/// Felix's policy filtering in <c>table inet calico</c>: the static skeleton and the five managers that keep it
/// current. <see cref="Create"/> records the skeleton in the table at once (base chains <c>cali-FORWARD</c>,
/// <c>cali-INPUT</c>, <c>cali-OUTPUT</c>, the empty dispatch maps, <c>cali-wl-to-host</c> and the failsafe chains with
/// Felix's default settings), so a first <see cref="ITable.ApplyAsync"/> before any message programs a node that drops
/// every workload's traffic (fail closed) until its endpoint arrives. The dataplane loop then feeds every message to
/// each of <see cref="Managers"/> and calls their <see cref="IManager.CompleteDeferredWorkAsync"/> before applying the
/// table. See docs/felix-dataplane.md.
/// </summary>
public sealed class FilterDataplane
{
    private FilterDataplane(IManager ipSets, IManager policies, IManager endpoints, IManager hostEndpoints, IManager vxlanHosts)
    {
        IpSets = ipSets;
        Policies = policies;
        Endpoints = endpoints;
        HostEndpoints = hostEndpoints;
        VxlanHosts = vxlanHosts;
        Managers = [ipSets, policies, endpoints, hostEndpoints, vxlanHosts];
    }

    /// <summary>IP set updates, deltas and removals → <c>cali40…</c>/<c>cali60…</c> sets.</summary>
    public IManager IpSets { get; }

    /// <summary>Active policies and profiles → <c>cali-pi-/po-/pri-/pro-</c> chains.</summary>
    public IManager Policies { get; }

    /// <summary>Workload endpoints → <c>cali-tw-/fw-</c> chains and dispatch; host settings → <c>cali-wl-to-host</c>.</summary>
    public IManager Endpoints { get; }

    /// <summary>Host endpoints → <c>cali-fh-/th-/fhfw-/thfw-</c> chains and dispatch; host settings → failsafe chains.</summary>
    public IManager HostEndpoints { get; }

    /// <summary>Tunnel endpoints → the <c>cali40all-vxlan-net</c> set the base chains accept VXLAN from and to.</summary>
    public IManager VxlanHosts { get; }

    /// <summary>All five, in the order to call them (any order gives the same table).</summary>
    public IReadOnlyList<IManager> Managers { get; }

    /// <summary>Records the skeleton in <paramref name="table"/> and creates the managers that write into it.</summary>
    public static FilterDataplane Create(ITable table, FilterRulesOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= FilterRulesOptions.Default;
        loggerFactory ??= NullLoggerFactory.Instance;
        var settings = HostSettings.Default;
        RecordSkeleton(table, options, settings);
        return new FilterDataplane(
            new IpSetManager(table, loggerFactory.CreateLogger<IpSetManager>()),
            new PolicyManager(table, options),
            new EndpointManager(table, options, settings.DefaultEndpointToHostAction, loggerFactory.CreateLogger<EndpointManager>()),
            new HostEndpointManager(table, options, settings, loggerFactory.CreateLogger<HostEndpointManager>()),
            new VxlanHostSetManager(table));
    }

    private static void RecordSkeleton(ITable table, FilterRulesOptions options, HostSettings settings)
    {
        var renderer = new StaticChainRenderer(options);
        foreach (var map in StaticChainRenderer.DispatchMaps)
        {
            table.UpdateVmap(map, []);
        }

        table.UpdateSet(SetSpec.Ipv4Networks(FelixNames.AllVxlanHostsV4), []);

        table.UpdateChains(
        [
            renderer.WorkloadToHost(settings.DefaultEndpointToHostAction),
            StaticChainRenderer.Failsafe(settings, PolicyType.Ingress),
            StaticChainRenderer.Failsafe(settings, PolicyType.Egress),
            renderer.HostEndpointDispatch(PolicyType.Ingress, null),
            renderer.HostEndpointDispatch(PolicyType.Egress, null),
            StaticChainRenderer.HostEndpointForwardDispatch(PolicyType.Ingress),
            StaticChainRenderer.HostEndpointForwardDispatch(PolicyType.Egress),
            renderer.Forward(),
            renderer.Input(),
            renderer.Output(),
        ]);
    }
}
