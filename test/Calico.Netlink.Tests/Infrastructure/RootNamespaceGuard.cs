namespace Calico.Netlink.Tests.Infrastructure;

/// <summary>Snapshots the root namespace when the kernel tests start; fails the run if it differs when they end.</summary>
public sealed class RootNamespaceGuard : IDisposable
{
    private readonly RootNamespaceSnapshot? _before;

    public RootNamespaceGuard()
    {
        if (Environment.IsPrivilegedProcess || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal))
        {
            _before = RootNamespaceSnapshot.Take();
        }
    }

    public void Dispose()
    {
        if (_before is null)
        {
            return;
        }

        var after = RootNamespaceSnapshot.Take();
        if (after != _before)
        {
            throw new InvalidOperationException($"the root network namespace changed during the kernel tests.\nBefore:\n{_before.Text}\nAfter:\n{after.Text}");
        }
    }
}
