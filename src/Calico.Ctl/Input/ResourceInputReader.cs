using Calico.Api.Serialization;

namespace Calico.Ctl.Input;

/// <summary>Reads resources from -f FILE, -f DIR (with -R, recursively) or -f - (stdin).</summary>
internal static class ResourceInputReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static async Task<IReadOnlyList<DecodedResource>> ReadAsync(string? filename, bool recursive, bool skipEmpty, TextReader stdin, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(filename))
        {
            throw new CtlException("-f/--filename is required (a file, a directory, or - for stdin)");
        }

        var result = new List<DecodedResource>();
        if (filename == "-")
        {
            var text = await stdin.ReadToEndAsync(ct).ConfigureAwait(false);
            result.AddRange(ResourceCodec.Decode(text, "stdin"));
        }
        else if (Directory.Exists(filename))
        {
            var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            foreach (var file in Directory.EnumerateFiles(filename, "*", option).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                result.AddRange(await ReadFileAsync(file, ct).ConfigureAwait(false));
            }
        }
        else if (File.Exists(filename))
        {
            result.AddRange(await ReadFileAsync(filename, ct).ConfigureAwait(false));
        }
        else
        {
            throw new CtlException($"{filename}: no such file or directory");
        }

        if (result.Count == 0 && !skipEmpty)
        {
            throw new CtlException($"{(filename == "-" ? "stdin" : filename)}: no resources found (use --skip-empty to allow this)");
        }

        return result;
    }

    private static async Task<IReadOnlyList<DecodedResource>> ReadFileAsync(string path, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        return ResourceCodec.Decode(text, path);
    }
}
