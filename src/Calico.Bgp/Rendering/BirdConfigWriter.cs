using System.Text;

namespace Calico.Bgp.Rendering;

/// <summary>
/// Writes a rendered configuration atomically (a temporary file in the same directory, then a rename over the old
/// one) and only when its content changed, so the caller reloads BIRD (<c>birdc configure</c>) only on change.
/// </summary>
public sealed class BirdConfigWriter
{
    /// <summary>Writes <paramref name="config"/> to <paramref name="path"/> unless the file already holds it; true when written.</summary>
    public async ValueTask<bool> WriteIfChangedAsync(string path, string config, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(config);
        if (File.Exists(path) && string.Equals(await File.ReadAllTextAsync(path, Encoding.UTF8, ct).ConfigureAwait(false), config, StringComparison.Ordinal))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(config), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
