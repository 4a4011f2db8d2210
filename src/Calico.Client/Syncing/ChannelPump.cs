using System.Threading.Channels;

namespace Calico.Client.Syncing;

/// <summary>Moves a sync stream into a channel, so that its reader can take whatever has arrived in one batch.</summary>
public static class ChannelPump
{
    /// <summary>
    /// Writes every item of <paramref name="source"/> to <paramref name="writer"/> (waiting while the channel is full),
    /// then completes the writer: normally at the end of the stream, with the exception if the stream fails.
    /// </summary>
    public static async Task PumpAsync<T>(this IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(item, ct).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}
