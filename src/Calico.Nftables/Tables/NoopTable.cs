namespace Calico.Nftables;

/// <summary>
/// An <see cref="ITable"/> that records nothing and programs nothing (for dataplane modes without this table, and
/// for tests of managers). Declaring <c>: ITable</c> is the compile-time conformance check.
/// </summary>
public sealed class NoopTable : ITable
{
    public NoopTable(TableName? name = null) => Name = name ?? TableName.Calico;

    public TableName Name { get; }

    public void UpdateChain(Chain chain)
    {
    }

    public void UpdateChains(IEnumerable<Chain> chains)
    {
    }

    public void RemoveChain(ChainName name)
    {
    }

    public void RemoveChains(IEnumerable<ChainName> names)
    {
    }

    public void UpdateSet(SetSpec spec, IEnumerable<SetElement> members)
    {
    }

    public void AddMembers(SetName set, IEnumerable<SetElement> members)
    {
    }

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members)
    {
    }

    public void RemoveSet(SetName set)
    {
    }

    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements)
    {
    }

    public void SetVmapElement(SetName map, SetElement key, Verdict verdict)
    {
    }

    public void RemoveVmapElement(SetName map, SetElement key)
    {
    }

    public void RemoveVmap(SetName map)
    {
    }

    public void InvalidateDataplaneCache()
    {
    }

    public ValueTask<ApplyResult> ApplyAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(ApplyResult.Unchanged);

    public Task StartBackgroundResync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask<ApplyResult> ResyncAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(ApplyResult.Unchanged);

    public void Dispose()
    {
    }
}
