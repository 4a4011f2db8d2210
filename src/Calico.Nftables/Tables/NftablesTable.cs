using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Nftables;

/// <summary>
/// The nftables driver (Felix's <c>NftablesTable</c>): keeps the desired state of table inet NAME, and on apply
/// sends the kernel one transaction with only what changed (see <see cref="TransactionPlanner"/>). It starts by
/// reading the table back (a restarted calico-node finds its own chains and sets, rewrites nothing that is already
/// right, and removes anything else in the table), and falls back to that resync whenever a delta fails.
/// </summary>
internal sealed partial class NftablesTable : ITable
{
    private const NftOutputFlags ListFlags = NftOutputFlags.Json | NftOutputFlags.Stateless | NftOutputFlags.NumericProtocol;

    private readonly INftClient _client;
    private readonly INftClient _bulkClient;
    private readonly int _bulkScriptBytes;
    private readonly bool _ownsClient;
    private readonly TableState _state = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private bool _needsResync = true;
    private bool _applying;
    private BackgroundListing? _listing;

    public NftablesTable(INftClient client, bool ownsClient, NftablesTableOptions options)
    {
        _client = client;
        _bulkClient = options.BulkClient ?? client;
        _bulkScriptBytes = options.BulkScriptBytes;
        _ownsClient = ownsClient;
        Name = options.Name;
        _logger = options.Logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
    }

    public TableName Name { get; }

    public void UpdateChain(Chain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _state.Chains.SetDesired(chain.Name, ChainState.Desired(chain));
    }

    public void UpdateChains(IEnumerable<Chain> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        foreach (var chain in chains)
        {
            UpdateChain(chain);
        }
    }

    public void RemoveChain(ChainName name) => _state.Chains.DeleteDesired(name);

    public void RemoveChains(IEnumerable<ChainName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            RemoveChain(name);
        }
    }

    public void UpdateSet(SetSpec spec, IEnumerable<SetElement> members)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(members);
        var definition = SetDefinition.Of(spec);
        var wanted = members.ToHashSet();
        foreach (var member in wanted)
        {
            Validate(spec.Name, definition, member);
        }

        Declare(spec.Name, definition);
        var tracker = _state.MembersOf(spec.Name);
        foreach (var stale in tracker.Desired.Keys.Where(k => !wanted.Contains(k)).ToArray())
        {
            tracker.DeleteDesired(stale);
        }

        foreach (var member in wanted)
        {
            tracker.SetDesired(member, null);
        }
    }

    public void AddMembers(SetName set, IEnumerable<SetElement> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var definition = Declared(set, isMap: false);
        var tracker = _state.MembersOf(set);
        foreach (var member in members)
        {
            Validate(set, definition, member);
            tracker.SetDesired(member, null);
        }
    }

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _ = Declared(set, isMap: false);
        var tracker = _state.MembersOf(set);
        foreach (var member in members)
        {
            tracker.DeleteDesired(member);
        }
    }

    public void RemoveSet(SetName set) => Forget(set, isMap: false);

    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(elements);
        var definition = SetDefinition.Of(spec);
        var wanted = new Dictionary<SetElement, Verdict>();
        foreach (var (key, verdict) in elements)
        {
            Validate(spec.Name, definition, key);
            wanted[key] = verdict;
        }

        Declare(spec.Name, definition);
        var tracker = _state.MembersOf(spec.Name);
        foreach (var stale in tracker.Desired.Keys.Where(k => !wanted.ContainsKey(k)).ToArray())
        {
            tracker.DeleteDesired(stale);
        }

        foreach (var (key, verdict) in wanted)
        {
            tracker.SetDesired(key, verdict);
        }
    }

    public void SetVmapElement(SetName map, SetElement key, Verdict verdict)
    {
        Validate(map, Declared(map, isMap: true), key);
        _state.MembersOf(map).SetDesired(key, verdict);
    }

    public void RemoveVmapElement(SetName map, SetElement key)
    {
        _ = Declared(map, isMap: true);
        _state.MembersOf(map).DeleteDesired(key);
    }

    public void RemoveVmap(SetName map) => Forget(map, isMap: true);

    public void InvalidateDataplaneCache() => _needsResync = true;

    public Task StartBackgroundResync(CancellationToken cancellationToken = default)
    {
        if (_needsResync)
        {
            return Task.CompletedTask; // the next apply resyncs in full anyway
        }

        if (_listing is { } running)
        {
            return running.Completion;
        }

        // What each set holds now, as a digest: the listing keeps the elements of the sets that differ (drift), not
        // a second copy of every set. Read here, on the owner's thread; the listing and parse run on the pool.
        var programmed = _state.Members.Where(m => m.Value.Dataplane.Count > 0).ToDictionary(m => m.Key, m => SetDigest.Of(m.Value.Dataplane));
        _listing = new BackgroundListing(Task.Run(() => ListDriftedAsync(programmed, cancellationToken), cancellationToken));
        return _listing.Completion;
    }

    public async ValueTask<ApplyResult> ApplyAsync(CancellationToken cancellationToken = default)
    {
        BeginApply();
        try
        {
            var started = _time.GetTimestamp();
            if (_needsResync)
            {
                return await ResyncCoreAsync(started, cancellationToken).ConfigureAwait(false);
            }

            if (_listing is { Listing.IsCompleted: true } listed)
            {
                _listing = null;
                if (await RepairFromListingAsync(listed, started, cancellationToken).ConfigureAwait(false) is { } repaired)
                {
                    return repaired;
                }
            }

            var plan = TransactionPlanner.Plan(_state, Name, resync: false);
            if (!plan.IsEmpty)
            {
                _listing?.Written(plan);
                try
                {
                    await SendAsync(plan, cancellationToken).ConfigureAwait(false);
                }
                catch (NftablesException e)
                {
                    Log.DeltaFailed(_logger, Name, e.Message);
                    _needsResync = true;
                    return await ResyncCoreAsync(started, cancellationToken).ConfigureAwait(false);
                }

                Log.Applied(_logger, Name, plan.Counts.Commands, plan.Counts.ChainsCreated + plan.Counts.ChainsRewritten, plan.Counts.ElementsAdded, plan.Counts.ElementsRemoved);
            }

            return plan.Counts with { Elapsed = _time.GetElapsedTime(started) };
        }
        finally
        {
            _applying = false;
        }
    }

    public async ValueTask<ApplyResult> ResyncAsync(CancellationToken cancellationToken = default)
    {
        BeginApply();
        try
        {
            return await ResyncCoreAsync(_time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _applying = false;
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    public override string ToString() => $"table inet {Name} via {_client}";

    /// <summary>Repairs what the background listing found (with the pending deltas, one transaction); null when the listing failed.</summary>
    private async ValueTask<ApplyResult?> RepairFromListingAsync(BackgroundListing listing, long started, CancellationToken cancellationToken)
    {
        KernelTable kernel;
        try
        {
            kernel = await listing.Listing.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing was compared: the caller applies the deltas as usual; the next periodic resync lists again.
            Log.BackgroundListingFailed(_logger, Name, e.Message);
            return null;
        }

        listing.ApplyTo(_state, kernel);
        ReportDrift(kernel);
        var plan = TransactionPlanner.Plan(_state, Name, resync: true);
        if (!plan.IsEmpty)
        {
            try
            {
                await SendAsync(plan, cancellationToken).ConfigureAwait(false);
            }
            catch (NftablesException e)
            {
                // The kernel changed again since the listing (or an object written meanwhile is gone): list it whole.
                Log.DeltaFailed(_logger, Name, e.Message);
                return await ResyncCoreAsync(started, cancellationToken).ConfigureAwait(false);
            }
        }

        return plan.Counts with { Resynced = true, Elapsed = _time.GetElapsedTime(started) };
    }

    private async Task<KernelTable> ListDriftedAsync(IReadOnlyDictionary<SetName, SetDigest> programmed, CancellationToken cancellationToken)
    {
        var drifted = new Dictionary<SetName, Dictionary<SetElement, Verdict?>>();
        var kernel = await ReadKernelAsync((name, members) =>
        {
            if (SetDigest.Of(members) != programmed.GetValueOrDefault(name, SetDigest.Empty))
            {
                drifted[name] = members;
            }
        }, cancellationToken).ConfigureAwait(false);
        foreach (var (name, members) in drifted)
        {
            kernel.Members[name] = members;
        }

        return kernel;
    }

    private async ValueTask<ApplyResult> ResyncCoreAsync(long started, CancellationToken cancellationToken)
    {
        _needsResync = true;
        _listing = null; // a listing still running predates this one
        // Each set's elements are compared as the listing is parsed, one set at a time (the programmed copy is kept
        // when they match), so a resync of 200k elements does not hold a second copy of all of them.
        var listed = new HashSet<SetName>();
        var kernel = await ReadKernelAsync((name, members) =>
        {
            listed.Add(name);
            _state.MembersOf(name).ReplaceDataplane(members);
        }, cancellationToken).ConfigureAwait(false);
        _state.TableExists = kernel.Exists;
        _state.Chains.ReplaceDataplane(kernel.Chains);
        _state.Sets.ReplaceDataplane(kernel.Sets);
        foreach (var name in _state.Members.Keys.Where(n => !listed.Contains(n)).ToArray())
        {
            _state.MembersOf(name).ReplaceDataplane([]);
        }

        _state.ForgetUnusedMembers();
        _state.ForeignObjects.Clear();
        _state.ForeignObjects.AddRange(kernel.ForeignObjects);
        ReportDrift(kernel);
        var plan = TransactionPlanner.Plan(_state, Name, resync: true);
        if (!plan.IsEmpty)
        {
            await SendAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        _needsResync = false;
        return plan.Counts with { Resynced = true, Elapsed = _time.GetElapsedTime(started) };
    }

    private async ValueTask<KernelTable> ReadKernelAsync(Action<SetName, Dictionary<SetElement, Verdict?>> members, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> json;
        try
        {
            json = await _bulkClient.RunUtf8Async($"list table inet {Name.Value}", ListFlags, cancellationToken).ConfigureAwait(false);
        }
        catch (NftablesException e) when (e.IsNotFound)
        {
            return new KernelTable();
        }

        return KernelTableParser.Parse(json, Name, members);
    }

    private async ValueTask SendAsync(TransactionPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var client = plan.Script.Length >= _bulkScriptBytes ? _bulkClient : _client;
            await client.RunUtf8ScriptAsync(plan.Script.Utf8, NftOutputFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (NftablesException e)
        {
            throw e.WithContext($"apply table inet {Name}", plan.Script.OriginOf(e.Line));
        }

        plan.Commit();
    }

    private void ReportDrift(KernelTable kernel)
    {
        var chains = _state.Chains;
        var missing = chains.PendingUpdates.Count(c => !chains.Dataplane.ContainsKey(c));
        var changed = chains.PendingUpdates.Count - missing;
        var elements = _state.Members.Values.Sum(m => m.PendingUpdates.Count + m.PendingDeletions.Count);
        Log.Resync(_logger, Name, kernel.Exists, kernel.Chains.Count, kernel.RuleCount, kernel.Sets.Count, missing, changed, chains.PendingDeletions.Count,
            _state.Sets.PendingUpdates.Count + _state.Sets.PendingDeletions.Count, elements, kernel.ForeignObjects.Count);
        foreach (var name in chains.PendingUpdates.Concat(chains.PendingDeletions))
        {
            Log.ChainDrift(_logger, Name, name, !chains.Desired.ContainsKey(name) ? "extra" : chains.Dataplane.ContainsKey(name) ? "changed" : "missing");
        }

        foreach (var unmanageable in kernel.Unmanageable)
        {
            Log.Unmanageable(_logger, Name, unmanageable);
        }
    }

    private void BeginApply()
    {
        if (_applying)
        {
            throw new InvalidOperationException($"table inet {Name}: an apply or resync is already running (an ITable has one owner, one call at a time)");
        }

        _applying = true;
    }

    private void Declare(SetName name, SetDefinition definition)
    {
        if (_state.Sets.TryGetDesired(name, out var existing) && existing.IsMap != definition.IsMap)
        {
            throw new ArgumentException($"{name} is already a {existing.Keyword} in table inet {Name} (sets and maps share names)", nameof(name));
        }

        _state.Sets.SetDesired(name, definition);
    }

    private SetDefinition Declared(SetName name, bool isMap)
    {
        if (!_state.Sets.TryGetDesired(name, out var definition) || definition.IsMap != isMap)
        {
            throw new InvalidOperationException($"table inet {Name} has no {(isMap ? "map" : "set")} {name}: declare it with {(isMap ? nameof(UpdateVmap) : nameof(UpdateSet))} first");
        }

        return definition;
    }

    private void Forget(SetName name, bool isMap)
    {
        if (_state.Sets.TryGetDesired(name, out var definition) && definition.IsMap != isMap)
        {
            throw new ArgumentException($"{name} is a {definition.Keyword}, not a {(isMap ? "map" : "set")}", nameof(name));
        }

        _state.Sets.DeleteDesired(name);
        if (_state.Members.TryGetValue(name, out var members))
        {
            members.DeleteAllDesired();
        }

        _state.ForgetUnusedMembers();
    }

    private static void Validate(SetName set, SetDefinition definition, SetElement element)
    {
        if (element.KeyType != definition.KeyType)
        {
            throw new ArgumentException($"element {element.Text} ({element.KeyType}) does not fit {definition.Keyword} {set} ({definition.KeyType})", nameof(element));
        }

        if (element.NeedsInterval && !definition.Interval)
        {
            throw new ArgumentException($"element {element.Text} is a prefix: {definition.Keyword} {set} needs Interval = true", nameof(element));
        }
    }
}
