using System.Buffers;
using Calico.Nftables;

namespace Calico.Felix.Testing;

/// <summary>
/// Forwards to a real client, but can hold the result of the next <c>list</c> command (nft has read the kernel) until
/// the test releases it: a background listing is then certainly still outstanding while the test applies deltas, and
/// what it hands back predates them. Only the one listing armed by <see cref="HoldNextListing"/> waits.
/// </summary>
public sealed class HeldListingNftClient(INftClient inner) : INftClient
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public string Backend => inner.Backend;

    /// <summary>Completes when the held listing has read the kernel (and waits to hand its result back).</summary>
    public Task ListingHeld => _reached.Task;

    public int Listings { get; private set; }

    public void HoldNextListing() => Volatile.Write(ref _armed, 1);

    public void ReleaseListing() => _release.TrySetResult();

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default) =>
        inner.RunAsync(script, output, cancellationToken);

    public async ValueTask<ReadOnlyMemory<byte>> RunUtf8Async(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (script.StartsWith("list ", StringComparison.Ordinal))
        {
            Listings++;
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                var listed = await inner.RunUtf8Async(script, output, cancellationToken).ConfigureAwait(false);
                _reached.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return listed;
            }
        }

        return await inner.RunUtf8Async(script, output, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<string> RunUtf8ScriptAsync(ReadOnlySequence<byte> utf8Script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default) =>
        inner.RunUtf8ScriptAsync(utf8Script, output, cancellationToken);

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
