namespace Calico.Nftables;

/// <summary>
/// A chain as the driver compares it: base-chain spec and rule identities (<see cref="RuleIdentity"/>). Desired
/// states also carry the rules to write; programmed states read from the kernel carry only what the comments and
/// the rule expressions say (identities, references). Two states are equal when both are ours and spec and
/// identities match.
/// </summary>
internal sealed class ChainState : IEquatable<ChainState>
{
    private ChainState(BaseChainSpec? baseChain, IReadOnlyList<string> ruleIds, IReadOnlyList<Rule> rules, IReadOnlySet<ChainName> chainReferences, IReadOnlySet<SetName> setReferences, bool foreign)
    {
        Base = baseChain;
        RuleIds = ruleIds;
        Rules = rules;
        ChainReferences = chainReferences;
        SetReferences = setReferences;
        IsForeignBase = foreign;
    }

    public BaseChainSpec? Base { get; }

    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>The rules to write (desired states only).</summary>
    public IReadOnlyList<Rule> Rules { get; }

    public IReadOnlySet<ChainName> ChainReferences { get; }

    public IReadOnlySet<SetName> SetReferences { get; }

    /// <summary>A base chain whose hook or type the driver does not model (it is recreated or deleted).</summary>
    public bool IsForeignBase { get; }

    public static ChainState Desired(Chain chain) => new(
        chain.Base,
        RuleIdentity.Compute(chain.Name, chain.Rules),
        chain.Rules,
        chain.Rules.SelectMany(r => r.ChainReferences).ToHashSet(),
        chain.Rules.SelectMany(r => r.SetReferences).ToHashSet(),
        foreign: false);

    public static ChainState Programmed(BaseChainSpec? baseChain, IReadOnlyList<string> ruleIds, IReadOnlySet<ChainName> chainReferences, IReadOnlySet<SetName> setReferences, bool foreignBase) =>
        new(baseChain, ruleIds, [], chainReferences, setReferences, foreignBase);

    /// <summary>The same chain with no rules (what is left after a <c>flush chain</c>).</summary>
    public ChainState Flushed() => new(Base, [], [], new HashSet<ChainName>(), new HashSet<SetName>(), IsForeignBase);

    /// <summary>Moving to <paramref name="desired"/> needs delete + add, not just new rules or a new policy.</summary>
    public bool NeedsRecreateFor(ChainState desired) =>
        IsForeignBase || desired.IsForeignBase || Base.HasValue != desired.Base.HasValue
        || (Base is { } current && desired.Base is { } wanted
            && (current.Type != wanted.Type || current.Hook != wanted.Hook || current.Priority != wanted.Priority));

    public bool Equals(ChainState? other) =>
        other is not null && !IsForeignBase && !other.IsForeignBase && Nullable.Equals(Base, other.Base)
        && RuleIds.SequenceEqual(other.RuleIds, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ChainState);

    public override int GetHashCode() => HashCode.Combine(Base, RuleIds.Count);
}
