using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Selectors.Indexing;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// IP set membership (Felix's SelectorAndNamedPortIndex): every endpoint and network set of the cluster is an item in a
/// label index whose selectors are the active IP sets. A match contributes the item's addresses (or, for a named-port
/// set, its (address, protocol, port) tuples); members are reference counted, because two items can contribute the
/// same address. Sets are activated and released by the <see cref="ActiveRulesCalculator"/>.
/// </summary>
/// <remarks>
/// Output is kept per set until <see cref="FlushUpdates"/> / <see cref="FlushRemovals"/>: a set activated since the
/// last flush is sent whole; a set already programmed sends only its delta; a set released is removed (after the
/// policies that used it). A set released and re-activated in one batch is sent whole.
/// </remarks>
internal sealed class IpSetCalculator : ILabelIndexSink<IpSetId, LabelledItemId>
{
    private readonly LabelIndex<LabelledItemId, IpSetId> _index;
    private readonly Dictionary<LabelledItemId, ItemAddresses> _items = [];
    private readonly Dictionary<IpSetId, IpSetState> _sets = [];
    private readonly HashSet<IpSetId> _programmed = [];
    private readonly HashSet<IpSetId> _pendingWhole = [];
    private readonly Dictionary<IpSetId, IpSetDelta> _pendingDeltas = [];
    private readonly HashSet<IpSetId> _pendingRemovals = [];

    public IpSetCalculator()
    {
        _index = new LabelIndex<LabelledItemId, IpSetId>(this);
    }

    /// <summary>Active IP sets.</summary>
    public int ActiveCount => _sets.Count;

    /// <summary>Endpoints and network sets known.</summary>
    public int ItemCount => _items.Count;

    public bool TryGetMembers(IpSetId id, out IReadOnlyCollection<IpSetMember> members)
    {
        if (_sets.TryGetValue(id, out var state))
        {
            members = state.Members.Keys;
            return true;
        }

        members = [];
        return false;
    }

    /// <summary>One more active rule uses <paramref name="descriptor"/>.</summary>
    public void AddReference(IpSetDescriptor descriptor)
    {
        if (_sets.TryGetValue(descriptor.Id, out var state))
        {
            state.References++;
            return;
        }

        state = new IpSetState(descriptor) { References = 1 };
        _sets.Add(descriptor.Id, state);
        _pendingRemovals.Remove(descriptor.Id);
        _pendingDeltas.Remove(descriptor.Id);
        _pendingWhole.Add(descriptor.Id);
        _index.UpdateSelector(descriptor.Id, descriptor.Selector);
    }

    /// <summary>One active rule fewer uses the set; at zero it is released.</summary>
    public void RemoveReference(IpSetId id)
    {
        if (!_sets.TryGetValue(id, out var state))
        {
            throw new InvalidOperationException($"IP set {id} released more often than it was used");
        }

        if (--state.References > 0)
        {
            return;
        }

        _sets.Remove(id);
        _index.DeleteSelector(id);
        _pendingWhole.Remove(id);
        _pendingDeltas.Remove(id);
        if (_programmed.Contains(id))
        {
            _pendingRemovals.Add(id);
        }
    }

    /// <summary>Adds or changes an endpoint or network set: its labels (own and parents) and what it contributes.</summary>
    public void UpdateItem(LabelledItemId id, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> parents, ItemAddresses addresses)
    {
        if (_items.TryGetValue(id, out var old) && !old.SameAs(addresses))
        {
            // The sets that match now lose the old contribution and gain the new one; then the labels move.
            foreach (var setId in _index.SelectorsMatching(id).ToList())
            {
                var state = _sets[setId];
                Contribute(state, old, -1);
                Contribute(state, addresses, +1);
            }
        }

        _items[id] = addresses;
        _index.UpdateItem(id, labels, parents);
    }

    public void DeleteItem(LabelledItemId id)
    {
        if (_items.ContainsKey(id))
        {
            _index.DeleteItem(id);
            _items.Remove(id);
        }
    }

    /// <summary>A profile's labelsToApply, inherited by the items that name it.</summary>
    public void UpdateParentLabels(string parent, IReadOnlyDictionary<string, string> labels) => _index.UpdateParentLabels(parent, labels);

    public void DeleteParentLabels(string parent) => _index.DeleteParentLabels(parent);

    void ILabelIndexSink<IpSetId, LabelledItemId>.OnMatchStarted(IpSetId selectorId, LabelledItemId itemId)
    {
        if (_sets.TryGetValue(selectorId, out var state) && _items.TryGetValue(itemId, out var addresses))
        {
            Contribute(state, addresses, +1);
        }
    }

    void ILabelIndexSink<IpSetId, LabelledItemId>.OnMatchStopped(IpSetId selectorId, LabelledItemId itemId)
    {
        if (_sets.TryGetValue(selectorId, out var state) && _items.TryGetValue(itemId, out var addresses))
        {
            Contribute(state, addresses, -1);
        }
    }

    /// <summary>Whole sets (new since the last flush), then deltas of programmed sets.</summary>
    public void FlushUpdates(List<DataplaneMessage> output)
    {
        foreach (var id in _pendingWhole.Order(IpSetIdComparer.Instance))
        {
            var state = _sets[id];
            output.Add(new IpSetUpdate(id, state.Descriptor.Kind, state.Members.Keys.ToArray()));
            _programmed.Add(id);
        }

        foreach (var (id, delta) in _pendingDeltas.OrderBy(d => d.Key, IpSetIdComparer.Instance))
        {
            if (!delta.IsEmpty)
            {
                output.Add(new IpSetDeltaUpdate(id, delta.Added.ToArray(), delta.Removed.ToArray()));
            }
        }

        _pendingWhole.Clear();
        _pendingDeltas.Clear();
    }

    /// <summary>Sets no longer used (sent after the policies that used them are gone).</summary>
    public void FlushRemovals(List<DataplaneMessage> output)
    {
        foreach (var id in _pendingRemovals.Order(IpSetIdComparer.Instance))
        {
            output.Add(new IpSetRemove(id));
            _programmed.Remove(id);
        }

        _pendingRemovals.Clear();
    }

    private void Contribute(IpSetState state, ItemAddresses addresses, int change)
    {
        var descriptor = state.Descriptor;
        if (descriptor.Kind == IpSetKind.Networks)
        {
            foreach (var network in addresses.Networks)
            {
                Count(state, new IpSetMember(network), change);
            }

            return;
        }

        foreach (var port in addresses.Ports)
        {
            if (port.ProtocolNumber != descriptor.Protocol || !string.Equals(port.Name, descriptor.PortName, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var network in addresses.Networks)
            {
                Count(state, new IpSetMember(Cidr.FromAddress(network.Address), port.ProtocolNumber, port.Port), change);
            }
        }
    }

    private void Count(IpSetState state, IpSetMember member, int change)
    {
        var id = state.Descriptor.Id;
        var count = state.Members.GetValueOrDefault(member) + change;
        if (count < 0)
        {
            throw new InvalidOperationException($"IP set {id}: member {member} removed more often than added");
        }

        if (count == 0)
        {
            state.Members.Remove(member);
        }
        else
        {
            state.Members[member] = count;
        }

        var appeared = change > 0 && count == 1;
        var disappeared = change < 0 && count == 0;
        if ((!appeared && !disappeared) || _pendingWhole.Contains(id))
        {
            return;
        }

        if (!_pendingDeltas.TryGetValue(id, out var delta))
        {
            delta = new IpSetDelta();
            _pendingDeltas.Add(id, delta);
        }

        if (appeared)
        {
            delta.Add(member);
        }
        else
        {
            delta.Remove(member);
        }
    }
}
