namespace Calico.Cni.Workloads;

/// <summary>The node name as Calico's plugin finds it: the config's nodename, else the nodename file, else the hostname.</summary>
public static class NodeNameResolver
{
    public const string DefaultNodeNameFile = "/var/lib/calico/nodename";

    public static string Resolve(string? configured, string? nodeNameFile, Func<string, string?> readFile, Func<string> hostName)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        if (readFile(nodeNameFile ?? DefaultNodeNameFile) is { } fromFile && fromFile.Trim().Length > 0)
        {
            return fromFile.Trim();
        }

        return hostName().ToLowerInvariant();
    }
}
