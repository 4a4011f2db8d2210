using System.Buffers;
using System.Diagnostics;
using System.Text;
using Calico.Netlink;

namespace Calico.Nftables;

/// <summary>
/// The fallback and the yardstick: one <c>nft -f -</c> process per script, started inside the namespace with
/// <c>ip netns exec NAME</c> (a namespace under /var/run/netns) or <c>nsenter --net=PATH</c> (any other namespace
/// file); the script goes to its stdin.
/// </summary>
internal sealed class NftCliClient : INftClient
{
    private const int MaxCommandLineScript = 4096;
    private static readonly string[] NamedNamespaceDirectories = ["/var/run/netns/", "/run/netns/"];

    private readonly NetworkNamespace _namespace;
    private readonly string[] _prefix;

    public NftCliClient(NetworkNamespace ns)
    {
        _namespace = ns;
        var directory = NamedNamespaceDirectories.FirstOrDefault(d => ns.Path.StartsWith(d, StringComparison.Ordinal));
        _prefix = directory is not null && !ns.Path[directory.Length..].Contains('/', StringComparison.Ordinal)
            ? ["ip", "netns", "exec", ns.Path[directory.Length..], "nft"]
            : ["nsenter", $"--net={ns.Path}", "nft"];
    }

    public string Backend => NftBackends.NftCli;

    public async ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString((await RunUtf8Async(script, output, cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Reads nft's output as bytes (no UTF-16 copy of a large listing).</summary>
    public ValueTask<ReadOnlyMemory<byte>> RunUtf8Async(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var command = script.TrimEnd('\n');
        var asArgument = command.Length <= MaxCommandLineScript && !command.Contains('\n', StringComparison.Ordinal);
        return RunCoreAsync(
            asArgument ? command : null,
            async stdin => await stdin.WriteAsync(Encoding.UTF8.GetBytes(script), CancellationToken.None).ConfigureAwait(false),
            () => script,
            output,
            cancellationToken);
    }

    /// <summary>Writes the chunks to nft's stdin as they are (<c>nft -f -</c>).</summary>
    public async ValueTask<string> RunUtf8ScriptAsync(ReadOnlySequence<byte> utf8Script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        var printed = await RunCoreAsync(
            null,
            async stdin =>
            {
                foreach (var chunk in utf8Script)
                {
                    await stdin.WriteAsync(chunk, CancellationToken.None).ConfigureAwait(false);
                }
            },
            () => Encoding.UTF8.GetString(utf8Script),
            output,
            cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(printed.Span);
    }

    /// <summary>
    /// One nft process: <paramref name="argument"/> as its command line, or else the script written to its stdin by
    /// <paramref name="writeScript"/>; <paramref name="scriptText"/> is called only to name the failing line.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<byte>> RunCoreAsync(string? argument, Func<Stream, ValueTask> writeScript, Func<string> scriptText, NftOutputFlags output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(_prefix[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in _prefix.Skip(1).Concat(Options(output)).Concat(argument is not null ? [argument] : ["-f", "-"]))
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start) ?? throw new NftablesException($"run nft in {_namespace}", $"could not start {_prefix[0]}");
        var printed = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(printed, CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (argument is null)
        {
            await writeScript(process.StandardInput.BaseStream).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        var errorText = await stderr.ConfigureAwait(false);
        if (process.ExitCode == 0)
        {
            return printed.GetBuffer().AsMemory(0, (int)printed.Length);
        }

        var errors = NftErrorParser.Parse(errorText);
        if (argument is not null)
        {
            errors = [.. errors.Select(e => e with { Line = 1 })];
        }

        var line = errors.FirstOrDefault(e => e.Line is not null)?.Line;
        throw new NftablesException($"run nft script in {_namespace}", errorText, errors, NftErrorParser.LineOf(argument ?? scriptText(), line));
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => $"{string.Join(' ', _prefix)} in {_namespace}";

    private static IEnumerable<string> Options(NftOutputFlags output)
    {
        if (output.HasFlag(NftOutputFlags.Stateless))
        {
            yield return "-s";
        }

        if (output.HasFlag(NftOutputFlags.Handle))
        {
            yield return "-a";
        }

        if (output.HasFlag(NftOutputFlags.Json))
        {
            yield return "-j";
        }

        if (output.HasFlag(NftOutputFlags.NumericProtocol))
        {
            yield return "-p";
        }

        if (output.HasFlag(NftOutputFlags.Terse))
        {
            yield return "-t";
        }
    }
}
