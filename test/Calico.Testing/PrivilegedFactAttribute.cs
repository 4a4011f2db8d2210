namespace Calico.Testing;

/// <summary>
/// A test that needs root (network namespaces, the kernel's dataplane). Outside CI, when not root, it is skipped with a
/// message; under CI=true it always runs, so a CI machine without privileges fails loudly instead of passing quietly.
/// </summary>
public sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (!Privileges.IsRoot && !Privileges.IsCi)
        {
            Skip = "needs root (creates network namespaces); runs in CI, where it must pass";
        }
    }
}

/// <summary>The theory counterpart of <see cref="PrivilegedFactAttribute"/>.</summary>
public sealed class PrivilegedTheoryAttribute : TheoryAttribute
{
    public PrivilegedTheoryAttribute()
    {
        if (!Privileges.IsRoot && !Privileges.IsCi)
        {
            Skip = "needs root (creates network namespaces); runs in CI, where it must pass";
        }
    }
}

public static class Privileges
{
    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
