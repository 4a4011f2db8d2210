using System.Security.Cryptography;
using System.Text;
using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>
/// SHA-256 over every resource of an export, in order: for each, kind, namespace ("" when cluster-scoped), name and value
/// as UTF-8, each followed by a NUL (none of them can hold a raw NUL: values are JSON, which escapes it).
/// </summary>
public static class ExportChecksum
{
    public static string Compute(IEnumerable<(ResourceKey Key, string Value)> resources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, value) in resources)
        {
            Append(hash, key.Kind);
            Append(hash, key.Namespace ?? string.Empty);
            Append(hash, key.Name);
            Append(hash, value);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string text)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        hash.AppendData([0]);
    }
}
