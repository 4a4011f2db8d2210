namespace Calico.Testing;

/// <summary>Locations in the repository: its root, the published binaries in bin/ (made by ./build.sh), the seed.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Calico.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("cannot find the repository root (Calico.slnx) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>bin/ with calicoctl, calico, calico-ipam, calico-lab; fails with a clear message when ./build.sh has not run.</summary>
    public static string Binaries
    {
        get
        {
            var bin = Path.Combine(Root, "bin");
            foreach (var name in new[] { "calico", "calico-ipam", "calicoctl" })
            {
                if (!File.Exists(Path.Combine(bin, name)))
                {
                    throw new InvalidOperationException($"{Path.Combine(bin, name)} is missing: run ./build.sh first");
                }
            }

            return bin;
        }
    }

    public static string Seed => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seed"));
}
