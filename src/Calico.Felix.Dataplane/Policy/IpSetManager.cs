using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Keeps the kernel's IP sets equal to the calculation graph's (felix/dataplane/linux/ipsets_mgr.go). Every active
/// set becomes two nft sets, <c>cali40ID</c> and <c>cali60ID</c> (both always exist, so a rule can be rendered for
/// either version): a networks set is an interval set of <c>ipv4_addr</c>/<c>ipv6_addr</c> holding the members' cover
/// (see <see cref="NetworkCover"/>); a named-port set holds <c>addr . inet_proto . inet_service</c>.
/// <see cref="OnUpdate"/> only merges messages per set (a full restatement absorbs later deltas; a removal wins);
/// <see cref="CompleteDeferredWorkAsync"/> records each changed set's delta in the table.
/// </summary>
internal sealed partial class IpSetManager(ITable table, ILogger? logger = null) : IManager
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Dictionary<IpSetId, IpSetState> _sets = [];
    private readonly Dictionary<IpSetId, PendingChange> _pending = [];

    /// <summary>The sets currently programmed (for tests and diagnostics).</summary>
    public int Count => _sets.Count;

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case IpSetUpdate update:
                _pending[update.Id] = PendingChange.Full(update.Kind, update.Members);
                break;
            case IpSetDeltaUpdate delta:
                if (!_pending.TryGetValue(delta.Id, out var pending))
                {
                    _pending[delta.Id] = pending = PendingChange.Delta();
                }

                pending.Merge(delta.Added, delta.Removed);
                break;
            case IpSetRemove remove:
                _pending[remove.Id] = PendingChange.Removal();
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, change) in _pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (change.IsRemoval)
            {
                if (_sets.Remove(id))
                {
                    table.RemoveSet(FelixNames.IpSet(id, 4));
                    table.RemoveSet(FelixNames.IpSet(id, 6));
                }
            }
            else if (change.FullMembers is { } members)
            {
                Replace(id, change.FullKind, members);
            }
            else if (_sets.TryGetValue(id, out var state))
            {
                ApplyDelta(id, state, change);
            }
            else
            {
                LogDeltaForUnknownSet(_logger, id);
            }
        }

        _pending.Clear();
        return ValueTask.CompletedTask;
    }

    private void Replace(IpSetId id, IpSetKind kind, IReadOnlyCollection<IpSetMember> members)
    {
        var state = new IpSetState(kind);
        _sets[id] = state;
        foreach (var version in (int[])[4, 6])
        {
            var name = FelixNames.IpSet(id, version);
            var ofVersion = members.Where(m => m.IpVersion == version);
            if (kind == IpSetKind.Networks)
            {
                var cover = state.Cover(version);
                cover.Reset(ofVersion.Select(m => m.Network));
                table.UpdateSet(version == 4 ? SetSpec.Ipv4Networks(name) : SetSpec.Ipv6Networks(name), cover.Cover.Select(SetElement.Network));
            }
            else
            {
                var keyType = version == 4 ? SetKeyType.Ipv4AddressProtocolPort : SetKeyType.Ipv6AddressProtocolPort;
                table.UpdateSet(new SetSpec(name, keyType), NamedPortElements(id, ofVersion));
            }
        }
    }

    private void ApplyDelta(IpSetId id, IpSetState state, PendingChange change)
    {
        foreach (var version in (int[])[4, 6])
        {
            var name = FelixNames.IpSet(id, version);
            var added = change.Added.Where(m => m.IpVersion == version);
            var removed = change.Removed.Where(m => m.IpVersion == version);
            if (state.Kind == IpSetKind.Networks)
            {
                var coverAdded = new List<Cidr>();
                var coverRemoved = new List<Cidr>();
                state.Cover(version).Apply(added.Select(m => m.Network), removed.Select(m => m.Network), coverAdded, coverRemoved);
                Record(name, coverRemoved.Select(SetElement.Network).ToList(), coverAdded.Select(SetElement.Network).ToList());
            }
            else
            {
                Record(name, NamedPortElements(id, removed).ToList(), NamedPortElements(id, added).ToList());
            }
        }
    }

    private void Record(SetName name, List<SetElement> removed, List<SetElement> added)
    {
        if (removed.Count > 0)
        {
            table.RemoveMembers(name, removed);
        }

        if (added.Count > 0)
        {
            table.AddMembers(name, added);
        }
    }

    private IEnumerable<SetElement> NamedPortElements(IpSetId id, IEnumerable<IpSetMember> members)
    {
        foreach (var member in members)
        {
            if (member.Protocol is < 1 or > 255 || member.Port is < 0 or > 65535 || member.Network.PrefixLength != member.Network.MaxPrefixLength)
            {
                LogBadNamedPortMember(_logger, id, member);
                continue;
            }

            yield return SetElement.AddressProtocolPort(member.Network.Address, (byte)member.Protocol, (ushort)member.Port);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "IP set {Id}: members changed before the set was sent; ignored")]
    private static partial void LogDeltaForUnknownSet(ILogger logger, IpSetId id);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "IP set {Id}: named-port member {Member} is not an address with protocol 1-255 and port 0-65535; skipped")]
    private static partial void LogBadNamedPortMember(ILogger logger, IpSetId id, IpSetMember member);

    /// <summary>What is programmed for one set.</summary>
    private sealed class IpSetState(IpSetKind kind)
    {
        private readonly NetworkCover _v4 = new();
        private readonly NetworkCover _v6 = new();

        public IpSetKind Kind { get; } = kind;

        public NetworkCover Cover(int version) => version == 4 ? _v4 : _v6;
    }

    /// <summary>The messages for one set since the last <see cref="CompleteDeferredWorkAsync"/>, merged.</summary>
    private sealed class PendingChange
    {
        private IReadOnlyCollection<IpSetMember>? _full;
        private HashSet<IpSetMember>? _fullCopy;

        private PendingChange(IpSetKind kind, IReadOnlyCollection<IpSetMember>? full, bool removal)
        {
            FullKind = kind;
            _full = full;
            IsRemoval = removal;
        }

        public IpSetKind FullKind { get; }

        /// <summary>The whole membership, when the set was (re)stated (the message's collection until a delta changes it).</summary>
        public IReadOnlyCollection<IpSetMember>? FullMembers => _full;

        public bool IsRemoval { get; }

        public HashSet<IpSetMember> Added { get; } = [];

        public HashSet<IpSetMember> Removed { get; } = [];

        public static PendingChange Full(IpSetKind kind, IReadOnlyCollection<IpSetMember> members) => new(kind, members, false);

        public static PendingChange Delta() => new(IpSetKind.Networks, null, false);

        public static PendingChange Removal() => new(IpSetKind.Networks, null, true);

        public void Merge(IEnumerable<IpSetMember> added, IEnumerable<IpSetMember> removed)
        {
            if (IsRemoval)
            {
                return;
            }

            if (_full is not null)
            {
                // Copied only when a delta follows a restatement in the same batch.
                _fullCopy ??= [.. _full];
                _fullCopy.ExceptWith(removed);
                _fullCopy.UnionWith(added);
                _full = _fullCopy;
                return;
            }

            foreach (var member in removed)
            {
                if (!Added.Remove(member))
                {
                    Removed.Add(member);
                }
            }

            foreach (var member in added)
            {
                if (!Removed.Remove(member))
                {
                    Added.Add(member);
                }
            }
        }
    }
}
