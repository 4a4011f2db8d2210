namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="INftClient"/>: records every script, answers <c>list</c> commands with
/// <see cref="ListOutput"/> (or "No such file or directory" when it is null, like a missing table), and can be told
/// to reject the next scripts.
/// </summary>
internal sealed class FakeNftClient : INftClient
{
    private readonly Queue<NftablesException> _failures = new();

    public List<string> Transactions { get; } = [];

    public List<string> Lists { get; } = [];

    /// <summary>JSON for <c>list table</c>; null means the table does not exist.</summary>
    public string? ListOutput { get; set; }

    public string Backend => "fake";

    public string LastTransaction => Transactions[^1];

    public void FailNext(NftablesException failure) => _failures.Enqueue(failure);

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (script.StartsWith("list ", StringComparison.Ordinal))
        {
            Lists.Add(script);
            return ListOutput is null
                ? throw new NftablesException("run nft script", "Error: No such file or directory\n" + script, [new NftError("Error: No such file or directory", 1, 17, 22)], script)
                : ValueTask.FromResult(ListOutput);
        }

        Transactions.Add(script);
        if (_failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        return ValueTask.FromResult(string.Empty);
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
