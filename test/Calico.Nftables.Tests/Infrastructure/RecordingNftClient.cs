namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>Forwards to a real client and keeps every transaction it sent (list commands excluded).</summary>
internal sealed class RecordingNftClient(INftClient inner) : INftClient
{
    public List<string> Transactions { get; } = [];

    public string Backend => inner.Backend;

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        if (!script.StartsWith("list ", StringComparison.Ordinal))
        {
            Transactions.Add(script);
        }

        return inner.RunAsync(script, output, cancellationToken);
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
