namespace Calico.Cni.Protocol;

/// <summary>The CNI spec versions this plugin speaks.</summary>
public static class CniVersions
{
    public const string Latest = "1.0.0";

    public static IReadOnlyList<string> Supported { get; } = ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>CHECK exists from 0.4.0 on.</summary>
    public static bool SupportsCheck(string version) => !version.StartsWith("0.3", StringComparison.Ordinal);

    /// <summary>Results before 1.0.0 carry "version" on each IP.</summary>
    public static bool IpsCarryVersion(string version) => version.StartsWith("0.", StringComparison.Ordinal);
}
