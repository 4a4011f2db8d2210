using System.Globalization;

namespace Calico.Nftables;

/// <summary>
/// Writes the one transaction that takes the kernel from the programmed state to the desired state, touching only
/// what differs. Order inside the transaction (nft applies it atomically, so no packet sees a step in between):
/// <list type="number">
/// <item><c>add table</c> when it does not exist.</item>
/// <item>Recreations: flush the chains that refer to a set whose type changed, delete that set; delete base chains
/// whose hook, type or priority changed.</item>
/// <item><c>add set|map</c> and <c>add chain</c> for new (and recreated) objects; <c>add chain … { policy … }</c>
/// for a policy change.</item>
/// <item>Elements: <c>delete element</c> then <c>add element</c> per set or map (a changed map value is a delete and
/// an add); an interval set losing more than <see cref="IntervalRebuildThreshold"/> elements is rewritten as
/// <c>flush set</c> + <c>add element</c> of its desired contents instead.</item>
/// <item>Changed chains: <c>flush chain</c> + <c>add rule</c>… (new chains get only the adds).</item>
/// <item>Removals: flush the removed chains, delete removed sets and maps, then delete the chains, referrers first.
/// A chain or set that something staying (a desired chain, a desired map element, or a removal that has to wait)
/// still refers to is not deleted yet; it stays pending.</item>
/// <item>On a resync, objects of kinds the model does not have (counters, flowtables…): deleted.</item>
/// </list>
/// </summary>
internal sealed class TransactionPlanner
{
    /// <summary>More deletions than this from an interval set are written as flush + add (see <see cref="WriteElements"/>).</summary>
    public const int IntervalRebuildThreshold = 4;

    private readonly TableState _state;
    private readonly TableName _table;
    private readonly NftScript _script;
    private readonly List<Action> _commits = [];
    private readonly HashSet<ChainName> _flushed = [];
    private readonly HashSet<ChainName> _chainsWritten = [];
    private readonly HashSet<SetName> _setsWritten = [];
    private int _chainsCreated;
    private int _chainsRewritten;
    private int _chainsDeleted;
    private int _rulesWritten;
    private int _setsCreated;
    private int _setsDeleted;
    private int _elementsAdded;
    private int _elementsRemoved;
    private int _foreignDeleted;
    private int _setsRebuilt;

    private TransactionPlanner(TableState state, TableName table)
    {
        _state = state;
        _table = table;
        _script = new NftScript(table);
    }

    public static TransactionPlan Plan(TableState state, TableName table, bool resync) =>
        new TransactionPlanner(state, table).Build(resync);

    private TransactionPlan Build(bool resync)
    {
        var chains = _state.Chains;
        var sets = _state.Sets;
        var setCreates = Sorted(sets.PendingUpdates);
        var setRecreates = setCreates.Where(sets.Dataplane.ContainsKey).ToHashSet();
        var chainCreates = new List<ChainName>();
        var chainRecreates = new List<ChainName>();
        var policyUpdates = new List<ChainName>();
        var rewrites = new SortedSet<ChainName>();
        foreach (var name in Sorted(chains.PendingUpdates))
        {
            var desired = chains.Desired[name];
            if (!chains.TryGetDataplane(name, out var programmed))
            {
                chainCreates.Add(name);
            }
            else if (programmed.NeedsRecreateFor(desired))
            {
                chainCreates.Add(name);
                chainRecreates.Add(name);
            }
            else
            {
                if (!Nullable.Equals(programmed.Base, desired.Base))
                {
                    policyUpdates.Add(name);
                }

                if (!programmed.RuleIds.SequenceEqual(desired.RuleIds, StringComparer.Ordinal))
                {
                    rewrites.Add(name);
                }
            }
        }

        var (chainDeletes, setDeletes, deferred) = DeletionResolver.Resolve(_state);
        var addedTable = false;
        if (!_state.TableExists)
        {
            _script.Add($"add table {_script.Table}", "table");
            _commits.Add(() => _state.TableExists = true);
            addedTable = true;
        }

        WriteRecreations(setRecreates, chainRecreates, chainCreates, rewrites);
        foreach (var name in setCreates)
        {
            var definition = sets.Desired[name];
            _script.Add($"add {definition.Keyword} {_script.Table} {name.Value} {definition.ToNft()}", $"{definition.Keyword} {name}");
            _commits.Add(() => sets.SetDataplane(name, definition));
            _setsCreated++;
        }

        foreach (var name in chainCreates)
        {
            var spec = chains.Desired[name].Base;
            _script.Add($"add chain {_script.Table} {name.Value}{(spec is { } s ? " " + s.ToNft() : string.Empty)}", $"chain {name}");
            _chainsCreated++;
        }

        foreach (var name in policyUpdates)
        {
            _script.Add($"add chain {_script.Table} {name.Value} {chains.Desired[name].Base!.Value.ToNft()}", $"chain {name} (policy)");
        }

        WriteElements(setCreates.ToHashSet());
        WriteRules(chainCreates, rewrites);
        foreach (var name in chainCreates.Concat(rewrites).Concat(policyUpdates).Distinct())
        {
            var desired = chains.Desired[name];
            _commits.Add(() => chains.SetDataplane(name, desired));
        }

        _chainsRewritten += rewrites.Union(policyUpdates).Count();
        WriteDeletions(chainDeletes, setDeletes);
        if (resync)
        {
            WriteForeignDeletions();
        }

        if (addedTable && _script.LineCount == 1)
        {
            return new TransactionPlan(new NftScript(_table), [], ApplyResult.Unchanged with { DeletionsDeferred = deferred }, new HashSet<ChainName>(), new HashSet<SetName>());
        }

        _chainsWritten.UnionWith(chainCreates);
        _chainsWritten.UnionWith(rewrites);
        _chainsWritten.UnionWith(policyUpdates);
        _chainsWritten.UnionWith(chainDeletes);
        _chainsWritten.UnionWith(_flushed);
        _setsWritten.UnionWith(setCreates);
        _setsWritten.UnionWith(setDeletes);
        return new TransactionPlan(_script, _commits, new ApplyResult
        {
            Commands = _script.LineCount,
            ChainsCreated = _chainsCreated,
            ChainsRewritten = _chainsRewritten,
            ChainsDeleted = _chainsDeleted,
            RulesWritten = _rulesWritten,
            SetsCreated = _setsCreated,
            SetsDeleted = _setsDeleted,
            ElementsAdded = _elementsAdded,
            ElementsRemoved = _elementsRemoved,
            ForeignObjectsDeleted = _foreignDeleted,
            SetsRebuilt = _setsRebuilt,
            DeletionsDeferred = deferred,
        }, _chainsWritten, _setsWritten);
    }

    /// <summary>Sets whose type changed are deleted (after flushing every chain that looks them up) and re-added later; so are base chains whose hook, type or priority changed.</summary>
    private void WriteRecreations(HashSet<SetName> setRecreates, List<ChainName> chainRecreates, List<ChainName> chainCreates, SortedSet<ChainName> rewrites)
    {
        var chains = _state.Chains;
        if (setRecreates.Count > 0)
        {
            foreach (var (name, programmed) in chains.Dataplane.OrderBy(c => c.Key))
            {
                if (!programmed.SetReferences.Overlaps(setRecreates))
                {
                    continue;
                }

                Flush(name, $"chain {name} (refers to a set being recreated)");
                if (chains.Desired.ContainsKey(name))
                {
                    if (!chainCreates.Contains(name))
                    {
                        rewrites.Add(name);
                    }
                }
                else
                {
                    _commits.Add(() => chains.SetDataplane(name, programmed.Flushed()));
                }
            }
        }

        foreach (var name in chainRecreates)
        {
            if (!_flushed.Contains(name))
            {
                Flush(name, $"chain {name} (recreated)");
            }

            _script.Add($"delete chain {_script.Table} {name.Value}", $"chain {name} (recreated)");
        }

        foreach (var name in setRecreates.Order())
        {
            var keyword = _state.Sets.Dataplane[name].Keyword;
            _script.Add($"delete {keyword} {_script.Table} {name.Value}", $"{keyword} {name} (recreated)");
            _setsWritten.Add(name);
            var members = _state.MembersOf(name);
            _commits.Add(() => members.ReplaceDataplane([]));
        }
    }

    private void WriteElements(HashSet<SetName> fresh)
    {
        foreach (var (name, definition) in _state.Sets.Desired.OrderBy(s => s.Key))
        {
            var members = _state.MembersOf(name);
            var isFresh = fresh.Contains(name);
            if (!isFresh && members.InSync)
            {
                continue;
            }

            SetElement[] removes = isFresh ? [] : members.PendingDeletions.Concat(members.PendingUpdates.Where(k => members.Dataplane.ContainsKey(k))).ToArray();
            var adds = (isFresh ? members.Desired.Keys : members.PendingUpdates).Select(k => KeyValuePair.Create(k, members.Desired[k])).ToArray();
            var origin = $"elements of {definition.Keyword} {name}";
            if (removes.Length > 0 || adds.Length > 0)
            {
                _setsWritten.Add(name);
            }

            _elementsRemoved += removes.Length;
            _elementsAdded += adds.Length;
            if (definition.Interval && removes.Length > IntervalRebuildThreshold)
            {
                // nft 1.0.6 checks each deleted interval against the whole set (O(deleted x size); 1000 of 10k take
                // seconds), so many deletions are cheaper as flush + add of the desired contents, still one transaction.
                _script.Add($"flush {definition.Keyword} {_script.Table} {name.Value}", origin + " (rebuilt)");
                var contents = members.Desired.ToArray();
                if (contents.Length > 0)
                {
                    _script.AddElements("add", name, contents.Select(e => Element(e.Key, e.Value)).Order(StringComparer.Ordinal), origin + " (rebuilt)");
                }

                _commits.Add(() => members.ReplaceDataplane(contents));
                _setsRebuilt++;
                continue;
            }

            if (removes.Length > 0)
            {
                _script.AddElements("delete", name, removes.Select(k => k.Text).Order(StringComparer.Ordinal), origin);
            }

            if (adds.Length > 0)
            {
                _script.AddElements("add", name, adds.Select(e => Element(e.Key, e.Value)).Order(StringComparer.Ordinal), origin);
            }

            _commits.Add(() =>
            {
                foreach (var key in removes)
                {
                    members.DeleteDataplane(key);
                }

                foreach (var (key, value) in adds)
                {
                    members.SetDataplane(key, value);
                }
            });
        }
    }

    private void WriteRules(List<ChainName> chainCreates, SortedSet<ChainName> rewrites)
    {
        var created = chainCreates.ToHashSet();
        foreach (var name in chainCreates.Concat(rewrites.Where(r => !created.Contains(r))))
        {
            var desired = _state.Chains.Desired[name];
            if (!created.Contains(name) && !_flushed.Contains(name))
            {
                Flush(name, $"chain {name}");
            }

            for (var i = 0; i < desired.Rules.Count; i++)
            {
                var rule = desired.Rules[i];
                _script.Add(
                    $"add rule {_script.Table} {name.Value} {rule.Statement} comment \"{RuleIdentity.Comment(desired.RuleIds[i], rule)}\"",
                    string.Create(CultureInfo.InvariantCulture, $"rule {i + 1} of chain {name}: {rule.Statement}"));
            }

            _rulesWritten += desired.Rules.Count;
        }
    }

    private void WriteDeletions(IReadOnlyList<ChainName> chainDeletes, IReadOnlyList<SetName> setDeletes)
    {
        foreach (var name in chainDeletes)
        {
            if (!_flushed.Contains(name))
            {
                Flush(name, $"chain {name} (removed)");
            }
        }

        foreach (var name in setDeletes)
        {
            var keyword = _state.Sets.Dataplane[name].Keyword;
            _script.Add($"delete {keyword} {_script.Table} {name.Value}", $"{keyword} {name} (removed)");
            _commits.Add(() =>
            {
                _state.Sets.DeleteDataplane(name);
                _state.MembersOf(name).ReplaceDataplane([]);
                _state.ForgetUnusedMembers();
            });
            _setsDeleted++;
        }

        foreach (var name in chainDeletes)
        {
            _script.Add($"delete chain {_script.Table} {name.Value}", $"chain {name} (removed)");
            _commits.Add(() => _state.Chains.DeleteDataplane(name));
            _chainsDeleted++;
        }
    }

    private void WriteForeignDeletions()
    {
        foreach (var foreign in _state.ForeignObjects)
        {
            var space = foreign.LastIndexOf(' ');
            _script.Add($"delete {foreign[..space]} {_script.Table} {foreign[(space + 1)..]}", $"{foreign} (not Calico's kind of object)");
            _foreignDeleted++;
        }

        _commits.Add(_state.ForeignObjects.Clear);
    }

    private static string Element(SetElement key, Verdict? verdict) => verdict is { } v ? $"{key.Text} : {v}" : key.Text;

    private void Flush(ChainName name, string origin)
    {
        _script.Add($"flush chain {_script.Table} {name.Value}", origin);
        _flushed.Add(name);
    }

    private static List<T> Sorted<T>(IEnumerable<T> items) => [.. items.Order()];
}
