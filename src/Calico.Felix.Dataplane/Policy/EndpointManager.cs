using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Netlink;
using Calico.Nftables;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Programs workload endpoints (felix/dataplane/linux/endpoint_mgr.go): for each, its <c>cali-tw-IFACE</c> and
/// <c>cali-fw-IFACE</c> chains and the two dispatch map elements that jump to them; and <c>cali-wl-to-host</c> from
/// the host settings' defaultEndpointToHostAction. An endpoint's chains are re-rendered when the endpoint changes or
/// when a policy or profile it names starts or stops being active (a missing policy fails closed, a missing profile is
/// skipped); policy contents are the <see cref="PolicyManager"/>'s. Removal deletes the map elements and the chains.
/// An interface name nft cannot take as a map key is not dispatched (so with a workload prefix it stays dropped).
/// </summary>
internal sealed partial class EndpointManager : IManager
{
    private readonly ITable _table;
    private readonly ILogger _logger;
    private readonly EndpointChainRenderer _chains;
    private readonly StaticChainRenderer _static;
    private readonly Dictionary<EndpointId, WorkloadEndpointUpdate> _desired = [];
    private readonly Dictionary<EndpointId, WorkloadEndpointUpdate> _programmed = [];
    private readonly Dictionary<string, EndpointId> _interfaceOwners = new(StringComparer.Ordinal);
    private readonly HashSet<EndpointId> _dirty = [];
    private readonly ActiveReferences<EndpointId> _references = new();
    private EndpointToHostAction _programmedAction;
    private EndpointToHostAction? _pendingAction;

    /// <param name="initialAction">The action the skeleton's <c>cali-wl-to-host</c> was recorded with.</param>
    public EndpointManager(ITable table, FilterRulesOptions options, EndpointToHostAction initialAction, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _logger = logger ?? NullLogger.Instance;
        _chains = new EndpointChainRenderer(options);
        _static = new StaticChainRenderer(options);
        _programmedAction = initialAction;
    }

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case WorkloadEndpointUpdate update:
                _desired[update.Id] = update;
                _dirty.Add(update.Id);
                break;
            case WorkloadEndpointRemove remove:
                _desired.Remove(remove.Id);
                _dirty.Add(remove.Id);
                break;
            case HostSettingsUpdate settings:
                _pendingAction = settings.Settings.DefaultEndpointToHostAction;
                break;
            default:
                _references.OnUpdate(message, _dirty);
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        if (_pendingAction is { } action && action != _programmedAction)
        {
            _table.UpdateChain(_static.WorkloadToHost(action));
            _programmedAction = action;
        }

        _pendingAction = null;
        foreach (var id in _dirty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var desired = _desired.GetValueOrDefault(id);
            if (_programmed.Remove(id, out var old))
            {
                _references.Forget(id, old.Tiers, old.Profiles);
                if (desired is null || !string.Equals(old.InterfaceName, desired.InterfaceName, StringComparison.Ordinal))
                {
                    Unprogram(id, old.InterfaceName);
                }
            }

            if (desired is not null)
            {
                Program(desired);
            }
        }

        _dirty.Clear();
        return ValueTask.CompletedTask;
    }

    private void Program(WorkloadEndpointUpdate endpoint)
    {
        if (!TryInterfaceKey(endpoint.InterfaceName, out var key))
        {
            LogBadInterface(_logger, endpoint.Id, endpoint.InterfaceName);
            return;
        }

        if (_interfaceOwners.TryGetValue(endpoint.InterfaceName, out var owner) && owner != endpoint.Id)
        {
            LogInterfaceConflict(_logger, endpoint.Id, owner, endpoint.InterfaceName);
        }

        var toWorkload = _chains.RenderWorkload(endpoint, PolicyType.Ingress, _references.IsPolicyActive, _references.IsProfileActive);
        var fromWorkload = _chains.RenderWorkload(endpoint, PolicyType.Egress, _references.IsPolicyActive, _references.IsProfileActive);
        _table.UpdateChain(toWorkload);
        _table.UpdateChain(fromWorkload);
        _table.SetVmapElement(FelixNames.ToWorkloadDispatch, key, Verdict.Jump(toWorkload.Name));
        _table.SetVmapElement(FelixNames.FromWorkloadDispatch, key, Verdict.Jump(fromWorkload.Name));
        _interfaceOwners[endpoint.InterfaceName] = endpoint.Id;
        _programmed[endpoint.Id] = endpoint;
        _references.Remember(endpoint.Id, endpoint.Tiers, endpoint.Profiles);
    }

    private void Unprogram(EndpointId id, string interfaceName)
    {
        if (!_interfaceOwners.TryGetValue(interfaceName, out var owner) || owner != id)
        {
            return;
        }

        _interfaceOwners.Remove(interfaceName);
        if (TryInterfaceKey(interfaceName, out var key))
        {
            _table.RemoveVmapElement(FelixNames.ToWorkloadDispatch, key);
            _table.RemoveVmapElement(FelixNames.FromWorkloadDispatch, key);
        }

        _table.RemoveChain(FelixNames.ToWorkload(interfaceName));
        _table.RemoveChain(FelixNames.FromWorkload(interfaceName));
    }

    /// <summary>The dispatch map key for an interface, if nft can take the name as one.</summary>
    internal static bool TryInterfaceKey(string interfaceName, out SetElement key)
    {
        key = default;
        if (!LinkName.IsValid(interfaceName, out _) || interfaceName.AsSpan().IndexOfAny("\"\\*") >= 0 || interfaceName.Any(char.IsControl))
        {
            return false;
        }

        key = SetElement.InterfaceName(interfaceName);
        return true;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Workload endpoint {Id}: interface name \"{InterfaceName}\" cannot be a dispatch key; its traffic is not dispatched to its policy")]
    private static partial void LogBadInterface(ILogger logger, EndpointId id, string interfaceName);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Workload endpoint {Id} takes interface {InterfaceName} over from {Owner}")]
    private static partial void LogInterfaceConflict(ILogger logger, EndpointId id, EndpointId owner, string interfaceName);
}
