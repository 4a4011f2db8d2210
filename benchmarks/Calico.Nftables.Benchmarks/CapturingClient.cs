namespace Calico.Nftables.Benchmarks;

/// <summary>An <see cref="INftClient"/> with no kernel behind it: the table is absent, and every transaction is kept (to get the driver's own text for a from-scratch load).</summary>
internal sealed class CapturingClient : INftClient
{
    public string Backend => "capture";

    public string? Transaction { get; private set; }

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        if (script.StartsWith("list ", StringComparison.Ordinal))
        {
            throw new NftablesException("list", "Error: No such file or directory");
        }

        Transaction = script;
        return ValueTask.FromResult(string.Empty);
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
