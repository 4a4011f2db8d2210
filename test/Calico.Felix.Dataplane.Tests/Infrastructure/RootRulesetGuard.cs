namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>
/// Reads the root namespace's ruleset (<c>nft list ruleset</c>, read only) when the kernel tests start, and fails the
/// run if it differs when they end.
/// </summary>
public sealed class RootRulesetGuard : IDisposable
{
    private readonly string? _before;

    public RootRulesetGuard()
    {
        if (Privileges.IsRoot || Privileges.IsCi)
        {
            _before = Read();
        }
    }

    public static string Read() => ProcessRunner.Run("nft", "list", "ruleset");

    public void Dispose()
    {
        if (_before is null)
        {
            return;
        }

        var after = Read();
        if (!string.Equals(after, _before, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the root namespace's nftables ruleset changed during the kernel tests.\nBefore:\n{_before}\nAfter:\n{after}");
        }
    }
}
