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
    public async ValueTask<ReadOnlyMemory<byte>> RunUtf8Async(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(_prefix[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        var command = script.TrimEnd('\n');
        var asArgument = command.Length <= MaxCommandLineScript && !command.Contains('\n', StringComparison.Ordinal);
        foreach (var argument in _prefix.Skip(1).Concat(Options(output)).Concat(asArgument ? [command] : ["-f", "-"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new NftablesException($"run nft in {_namespace}", $"could not start {_prefix[0]}");
        var printed = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(printed, CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (!asArgument)
        {
            await process.StandardInput.WriteAsync(script.AsMemory(), CancellationToken.None).ConfigureAwait(false);
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
        if (asArgument)
        {
            errors = [.. errors.Select(e => e with { Line = 1 })];
        }

        var line = errors.FirstOrDefault(e => e.Line is not null)?.Line;
        throw new NftablesException($"run nft script in {_namespace}", errorText, errors, NftErrorParser.LineOf(script, line));
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
