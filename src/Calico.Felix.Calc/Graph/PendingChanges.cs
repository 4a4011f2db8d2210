using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// The event sequencer's per-kind bookkeeping (Felix's EventSequencer): at most one pending update per key, removals
/// only of keys the dataplane was sent, and a key updated after being removed in the same batch is simply updated.
/// </summary>
internal sealed class PendingChanges<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _updates = new(comparer);
    private readonly HashSet<TKey> _removals = new(comparer);
    private readonly HashSet<TKey> _programmed = new(comparer);

    public int ProgrammedCount => _programmed.Count;

    public void Updated(TKey key, TValue value)
    {
        _removals.Remove(key);
        _updates[key] = value;
    }

    public void Removed(TKey key)
    {
        _updates.Remove(key);
        if (_programmed.Contains(key))
        {
            _removals.Add(key);
        }
    }

    public void FlushUpdates(List<DataplaneMessage> output, Func<TKey, TValue, DataplaneMessage> message, IComparer<TKey> order)
    {
        foreach (var (key, value) in _updates.OrderBy(u => u.Key, order))
        {
            output.Add(message(key, value));
            _programmed.Add(key);
        }

        _updates.Clear();
    }

    public void FlushRemovals(List<DataplaneMessage> output, Func<TKey, DataplaneMessage> message, IComparer<TKey> order)
    {
        foreach (var key in _removals.Order(order))
        {
            output.Add(message(key));
            _programmed.Remove(key);
        }

        _removals.Clear();
    }
}
