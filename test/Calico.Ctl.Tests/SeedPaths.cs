namespace Calico.Ctl.Tests;

/// <summary>The seed's example files, in ../shared/seed beside the repository.</summary>
public static class SeedPaths
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "seed");
                if (File.Exists(Path.Combine(candidate, "ippool.yaml")) && File.Exists(Path.Combine(dir.FullName, "Calico.slnx")))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            throw new InvalidOperationException("cannot find ../shared/seed next to the repository");
        }
    }

    public static string IPPool => Path.Combine(Directory, "ippool.yaml");

    public static string Policy => Path.Combine(Directory, "calico-network-policy.yaml");
}
