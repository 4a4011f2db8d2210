namespace Calico.Nftables;

/// <summary>
/// The desired contents of one chain: its rules in order, and <see cref="Base"/> when it is attached to a hook. The
/// driver replaces a changed chain's rules with <c>flush chain</c> + <c>add rule</c>… inside one transaction, so the
/// kernel never runs a half-written chain.
/// </summary>
public sealed class Chain
{
    public Chain(ChainName name, IEnumerable<Rule> rules, BaseChainSpec? baseChain = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _ = name.Value;
        Name = name;
        Rules = [.. rules];
        Base = baseChain;
        foreach (var rule in Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
        }
    }

    public ChainName Name { get; }

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Hook, type, priority and policy; null for a regular chain (reached only by jump/goto).</summary>
    public BaseChainSpec? Base { get; }

    public bool IsBaseChain => Base is not null;

    /// <summary>A regular chain.</summary>
    public static Chain Regular(ChainName name, params IEnumerable<Rule> rules) => new(name, rules);

    /// <summary>A base chain attached to a hook.</summary>
    public static Chain Hooked(ChainName name, BaseChainSpec spec, params IEnumerable<Rule> rules) => new(name, rules, spec);

    public override string ToString() => Base is null ? $"chain {Name} ({Rules.Count} rules)" : $"base chain {Name} {Base.Value.ToNft()} ({Rules.Count} rules)";
}
