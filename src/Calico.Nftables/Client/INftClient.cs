using System.Buffers;
using System.Text;

namespace Calico.Nftables;

/// <summary>
/// Runs nft scripts against the nftables of one network namespace (named when the client was opened; there is no
/// way to run one without). A script of several commands is one netlink batch: the kernel applies all of it or
/// none. Implementations: libnftables (<see cref="LibNftablesClientFactory"/>), the <c>nft</c> process
/// (<see cref="NftCliClientFactory"/>), and in-memory fakes in tests.
/// </summary>
public interface INftClient : IDisposable, IAsyncDisposable
{
    /// <summary>Which implementation this is (<see cref="NftBackends"/>).</summary>
    public string Backend { get; }

    /// <summary>
    /// Runs <paramref name="script"/> (commands separated by newlines) as one transaction and returns what nft
    /// printed. Throws <see cref="NftablesException"/> carrying nft's message and the failing line when nft or the
    /// kernel rejects it, in which case nothing of the script was applied. Cancellation is honoured until the
    /// script is handed to nft; a transaction that has started runs to completion.
    /// </summary>
    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="RunAsync"/>, with nft's output as UTF-8 bytes: a listing of a large table (16 MB of JSON for the
    /// 100k-endpoint benchmark) can then be parsed where it was read, without first becoming a UTF-16 string twice its
    /// size. The default encodes <see cref="RunAsync"/>'s string.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> RunUtf8Async(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetBytes(await RunAsync(script, output, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// As <see cref="RunAsync"/>, for a script already written as UTF-8 (possibly in several chunks): the <c>nft</c>
    /// process client writes the chunks to nft's stdin as they are, so a script of many megabytes never becomes one
    /// string. The default decodes it and calls <see cref="RunAsync"/>.
    /// </summary>
    public ValueTask<string> RunUtf8ScriptAsync(ReadOnlySequence<byte> utf8Script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default) =>
        RunAsync(Encoding.UTF8.GetString(utf8Script), output, cancellationToken);
}
