using Calico.Nftables;

namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="INftClient"/> for the real nftables driver: records every transaction and answers
/// <c>list</c> with "No such file or directory" (the table does not exist yet), so the first apply creates it.
/// </summary>
internal sealed class ScriptNftClient : INftClient
{
    public List<string> Transactions { get; } = [];

    public string Backend => "script";

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        if (script.StartsWith("list ", StringComparison.Ordinal))
        {
            throw new NftablesException("run nft script", "Error: No such file or directory\n" + script, [new NftError("Error: No such file or directory", 1, 17, 22)], script);
        }

        Transactions.Add(script);
        return ValueTask.FromResult(string.Empty);
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
