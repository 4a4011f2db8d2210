namespace Calico.Netlink.Tests.Infrastructure;

/// <summary>
/// A fact that needs root (it creates network namespaces). Skipped when not root, unless CI=true: then it runs and
/// fails loudly, so CI can never go green by skipping the kernel tests.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal))
        {
            Skip = "needs root to create network namespaces (run the tests as root; with CI=true this test runs and fails instead of skipping)";
        }
    }
}
