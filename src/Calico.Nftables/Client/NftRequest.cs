namespace Calico.Nftables;

/// <summary>A script queued for the libnftables thread, and the task that completes with nft's output.</summary>
internal sealed class NftRequest(string script, NftOutputFlags output, CancellationToken cancellationToken)
{
    public string Script { get; } = script;

    public NftOutputFlags Output { get; } = output;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
