namespace Calico.Testing;

/// <summary>
/// Reads some state of the root namespace (from this process, which runs there; read only) when created, and throws
/// on Dispose if it differs. Only when root or under CI: otherwise the kernel tests are skipped and it does nothing.
/// Used inside the collection fixtures of the kernel tests (<see cref="RootRulesetGuard"/>).
/// </summary>
public sealed class RootStateGuard : IDisposable
{
    private readonly string _what;
    private readonly Func<string> _read;
    private readonly string? _before;

    /// <param name="what">What is compared, for the message: "the root namespace's nftables ruleset".</param>
    /// <param name="read">Reads it; must only read.</param>
    public RootStateGuard(string what, Func<string> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _what = what;
        _read = read;
        if (Privileges.IsRoot || Privileges.IsCi)
        {
            _before = read();
        }
    }

    public void Dispose()
    {
        if (_before is null)
        {
            return;
        }

        var after = _read();
        if (!string.Equals(after, _before, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{_what} changed during the kernel tests.\nBefore:\n{_before}\nAfter:\n{after}");
        }
    }
}

/// <summary>
/// A collection fixture: the root namespace's ruleset (<c>nft list ruleset</c>, read only) when the kernel tests
/// start must be the same when they end, or the run fails.
/// </summary>
public sealed class RootRulesetGuard : IDisposable
{
    private readonly RootStateGuard _guard = new("the root namespace's nftables ruleset", Read);

    /// <summary><c>nft list ruleset</c> in this process's (the root) namespace: read only.</summary>
    public static string Read() => ProcessRunner.Run("nft", "list", "ruleset");

    public void Dispose() => _guard.Dispose();
}
