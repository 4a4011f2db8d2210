using Calico.Selectors.Indexing;

namespace Calico.Selectors.Tests.Indexing;

/// <summary>Records the events a <see cref="LabelIndex{TItemId, TSelectorId}"/> reports, in order.</summary>
internal sealed class RecordingSink<TSelectorId, TItemId> : ILabelIndexSink<TSelectorId, TItemId>
{
    public List<string> Events { get; } = [];

    /// <summary>Called at each event, e.g. to query (or misuse) the index from inside a callback.</summary>
    public Action<bool, TSelectorId, TItemId>? OnEvent { get; set; }

    public void OnMatchStarted(TSelectorId selectorId, TItemId itemId)
    {
        Events.Add($"+{selectorId}/{itemId}");
        OnEvent?.Invoke(true, selectorId, itemId);
    }

    public void OnMatchStopped(TSelectorId selectorId, TItemId itemId)
    {
        Events.Add($"-{selectorId}/{itemId}");
        OnEvent?.Invoke(false, selectorId, itemId);
    }

    /// <summary>Returns the events since the last call and forgets them.</summary>
    public List<string> Take()
    {
        var taken = new List<string>(Events);
        Events.Clear();
        return taken;
    }
}
