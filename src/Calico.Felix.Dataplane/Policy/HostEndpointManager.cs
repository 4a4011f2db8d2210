using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Programs host endpoints (felix/dataplane/linux/endpoint_mgr.go, host side):
/// <list type="bullet">
/// <item>an endpoint on a named interface gets <c>cali-fh-IFACE</c> (its ingress: packets entering the host,
///   reached from <c>cali-INPUT</c>) and <c>cali-th-IFACE</c> (egress: packets leaving the host, from
///   <c>cali-OUTPUT</c>) through the host-endpoint dispatch maps, failsafe ports first, then its normal tiers and
///   profiles; and, when it has applyOnForward policy in a direction, <c>cali-fhfw-IFACE</c> / <c>cali-thfw-IFACE</c>
///   through the forward dispatch maps (reached from <c>cali-FORWARD</c>);</item>
/// <item>the all-interfaces endpoint (<c>*</c>) gets the same two chains, reached for every interface but <c>lo</c> and
///   workloads that no per-interface endpoint accepted (see <see cref="StaticChainRenderer.HostEndpointDispatch"/>);
///   it has no forward chains;</item>
/// <item>the failsafe chains follow the host settings.</item>
/// </list>
/// Not rendered yet: untracked (doNotTrack) and pre-DNAT policy. An endpoint that has any fails closed in that
/// direction (a drop after the failsafe ports, saying why) rather than ignoring a Deny it cannot program; doNotTrack
/// policy on the all-interfaces endpoint is ignored, as Felix ignores it.
/// </summary>
internal sealed partial class HostEndpointManager : IManager
{
    public const string AllInterfaces = "*";

    private readonly ITable _table;
    private readonly ILogger _logger;
    private readonly EndpointChainRenderer _chains;
    private readonly StaticChainRenderer _static;
    private readonly Dictionary<EndpointId, HostEndpointUpdate> _desired = [];
    private readonly Dictionary<EndpointId, Programmed> _programmed = [];
    private readonly Dictionary<string, EndpointId> _interfaceOwners = new(StringComparer.Ordinal);
    private readonly HashSet<EndpointId> _dirty = [];
    private readonly ActiveReferences<EndpointId> _references = new();
    private HostSettings _programmedSettings;
    private HostSettings? _pendingSettings;
    private ChainName? _programmedAllInterfaces;

    /// <param name="initialSettings">The settings the skeleton's failsafe chains were recorded with.</param>
    public HostEndpointManager(ITable table, FilterRulesOptions options, HostSettings initialSettings, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(initialSettings);
        _table = table;
        _logger = logger ?? NullLogger.Instance;
        _chains = new EndpointChainRenderer(options);
        _static = new StaticChainRenderer(options);
        _programmedSettings = initialSettings;
    }

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case HostEndpointUpdate update:
                _desired[update.Id] = update;
                _dirty.Add(update.Id);
                break;
            case HostEndpointRemove remove:
                _desired.Remove(remove.Id);
                _dirty.Add(remove.Id);
                break;
            case HostSettingsUpdate settings:
                _pendingSettings = settings.Settings;
                break;
            default:
                _references.OnUpdate(message, _dirty);
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        if (_pendingSettings is { } settings)
        {
            if (!settings.FailsafeInbound.SequenceEqual(_programmedSettings.FailsafeInbound))
            {
                _table.UpdateChain(StaticChainRenderer.Failsafe(settings, PolicyType.Ingress));
            }

            if (!settings.FailsafeOutbound.SequenceEqual(_programmedSettings.FailsafeOutbound))
            {
                _table.UpdateChain(StaticChainRenderer.Failsafe(settings, PolicyType.Egress));
            }

            _programmedSettings = settings;
            _pendingSettings = null;
        }

        foreach (var id in _dirty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var desired = _desired.GetValueOrDefault(id);
            if (_programmed.Remove(id, out var old))
            {
                _references.Forget(id, old.Endpoint.Tiers.Concat(old.Endpoint.ForwardTiers), old.Endpoint.Profiles);
                Unprogram(id, old, desired);
            }

            if (desired is not null)
            {
                var sameInterface = old is not null && string.Equals(old.Endpoint.InterfaceName, desired.InterfaceName, StringComparison.Ordinal);
                Program(desired, sameInterface ? old : null);
            }
        }

        _dirty.Clear();
        UpdateAllInterfacesDispatch();
        return ValueTask.CompletedTask;
    }

    private void Program(HostEndpointUpdate endpoint, Programmed? old)
    {
        var isAll = string.Equals(endpoint.InterfaceName, AllInterfaces, StringComparison.Ordinal);
        SetElement key = default;
        if (!isAll && !EndpointManager.TryInterfaceKey(endpoint.InterfaceName, out key))
        {
            LogBadInterface(_logger, endpoint.Id, endpoint.InterfaceName);
            return;
        }

        if (_interfaceOwners.TryGetValue(endpoint.InterfaceName, out var owner) && owner != endpoint.Id)
        {
            LogInterfaceConflict(_logger, endpoint.Id, owner, endpoint.InterfaceName);
        }

        var effective = WithUnsupportedStagesAsProblems(endpoint);
        var into = _chains.RenderHost(effective, PolicyType.Ingress, _references.IsPolicyActive, _references.IsProfileActive);
        var outOf = _chains.RenderHost(effective, PolicyType.Egress, _references.IsPolicyActive, _references.IsProfileActive);
        _table.UpdateChain(into);
        _table.UpdateChain(outOf);
        var forwardIn = isAll ? null : _chains.RenderHostForward(effective, PolicyType.Ingress, _references.IsPolicyActive);
        var forwardOut = isAll ? null : _chains.RenderHostForward(effective, PolicyType.Egress, _references.IsPolicyActive);
        if (!isAll)
        {
            _table.SetVmapElement(FelixNames.FromHostEndpointDispatch, key, Verdict.Jump(into.Name));
            _table.SetVmapElement(FelixNames.ToHostEndpointDispatch, key, Verdict.Jump(outOf.Name));
            ProgramForward(FelixNames.FromHostEndpointForwardDispatch, key, forwardIn, old?.ForwardIn);
            ProgramForward(FelixNames.ToHostEndpointForwardDispatch, key, forwardOut, old?.ForwardOut);
        }

        _interfaceOwners[endpoint.InterfaceName] = endpoint.Id;
        _programmed[endpoint.Id] = new Programmed(endpoint, forwardIn?.Name, forwardOut?.Name);
        _references.Remember(endpoint.Id, endpoint.Tiers.Concat(endpoint.ForwardTiers), endpoint.Profiles);
    }

    private void ProgramForward(SetName map, SetElement key, Chain? chain, ChainName? old)
    {
        if (chain is not null)
        {
            _table.UpdateChain(chain);
            _table.SetVmapElement(map, key, Verdict.Jump(chain.Name));
        }
        else if (old is { } oldChain)
        {
            _table.RemoveVmapElement(map, key);
            _table.RemoveChain(oldChain);
        }
    }

    /// <summary>Removes what <paramref name="old"/> programmed that <paramref name="desired"/> (if any) will not overwrite.</summary>
    private void Unprogram(EndpointId id, Programmed old, HostEndpointUpdate? desired)
    {
        var name = old.Endpoint.InterfaceName;
        if (desired is not null && string.Equals(name, desired.InterfaceName, StringComparison.Ordinal))
        {
            return;
        }

        if (!_interfaceOwners.TryGetValue(name, out var owner) || owner != id)
        {
            return;
        }

        _interfaceOwners.Remove(name);
        if (!string.Equals(name, AllInterfaces, StringComparison.Ordinal) && EndpointManager.TryInterfaceKey(name, out var key))
        {
            _table.RemoveVmapElement(FelixNames.FromHostEndpointDispatch, key);
            _table.RemoveVmapElement(FelixNames.ToHostEndpointDispatch, key);
            if (old.ForwardIn is not null)
            {
                _table.RemoveVmapElement(FelixNames.FromHostEndpointForwardDispatch, key);
            }

            if (old.ForwardOut is not null)
            {
                _table.RemoveVmapElement(FelixNames.ToHostEndpointForwardDispatch, key);
            }
        }

        _table.RemoveChain(FelixNames.FromHostEndpointChain(name));
        _table.RemoveChain(FelixNames.ToHostEndpointChain(name));
        if (old.ForwardIn is { } forwardIn)
        {
            _table.RemoveChain(forwardIn);
        }

        if (old.ForwardOut is { } forwardOut)
        {
            _table.RemoveChain(forwardOut);
        }
    }

    private void UpdateAllInterfacesDispatch()
    {
        ChainName? desired = _interfaceOwners.ContainsKey(AllInterfaces) ? FelixNames.FromHostEndpointChain(AllInterfaces) : default(ChainName?);
        if (desired == _programmedAllInterfaces)
        {
            return;
        }

        _table.UpdateChain(_static.HostEndpointDispatch(PolicyType.Ingress, desired));
        _table.UpdateChain(_static.HostEndpointDispatch(PolicyType.Egress, desired is null ? default(ChainName?) : FelixNames.ToHostEndpointChain(AllInterfaces)));
        _programmedAllInterfaces = desired;
    }

    /// <summary>Untracked and pre-DNAT policy are not rendered yet: a direction that has any fails closed.</summary>
    private static HostEndpointUpdate WithUnsupportedStagesAsProblems(HostEndpointUpdate endpoint)
    {
        var problems = new List<EndpointProblem>(endpoint.Problems);
        foreach (var direction in (PolicyType[])[PolicyType.Ingress, PolicyType.Egress])
        {
            // As the policy model (and Felix) do, doNotTrack policy on the all-interfaces endpoint is ignored.
            var allInterfaces = string.Equals(endpoint.InterfaceName, AllInterfaces, StringComparison.Ordinal);
            if (!allInterfaces && endpoint.UntrackedTiers.Any(t => t.For(direction).Count > 0))
            {
                problems.Add(new EndpointProblem(direction, "doNotTrack policy is not supported by this dataplane yet"));
            }

            if (endpoint.PreDnatTiers.Any(t => t.For(direction).Count > 0))
            {
                problems.Add(new EndpointProblem(direction, "preDNAT policy is not supported by this dataplane yet"));
            }
        }

        return problems.Count == endpoint.Problems.Count ? endpoint : endpoint with { Problems = problems };
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Host endpoint {Id}: interface name \"{InterfaceName}\" cannot be a dispatch key; its traffic is not policed")]
    private static partial void LogBadInterface(ILogger logger, EndpointId id, string interfaceName);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Host endpoint {Id} takes interface {InterfaceName} over from {Owner}")]
    private static partial void LogInterfaceConflict(ILogger logger, EndpointId id, EndpointId owner, string interfaceName);

    /// <summary>What was programmed for one endpoint: the message, and its forward chains if it had any.</summary>
    private sealed record Programmed(HostEndpointUpdate Endpoint, ChainName? ForwardIn, ChainName? ForwardOut);
}
