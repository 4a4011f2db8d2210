namespace Calico.Nftables;

/// <summary>A verdict map value: accept, drop, return, continue, or jump/goto a chain.</summary>
public readonly record struct Verdict
{
    /// <summary>default for no target: a plain name, not a nullable one, keeps a verdict at 16 bytes (a map element's value).</summary>
    private readonly ChainName _target;

    private Verdict(VerdictKind kind, ChainName? target)
    {
        Kind = kind;
        _target = target ?? default;
    }

    public VerdictKind Kind { get; }

    /// <summary>The chain for <see cref="VerdictKind.Jump"/> and <see cref="VerdictKind.Goto"/>.</summary>
    public ChainName? Target => _target == default ? (ChainName?)null : _target;

    public static Verdict Accept { get; } = new(VerdictKind.Accept, null);

    public static Verdict Drop { get; } = new(VerdictKind.Drop, null);

    public static Verdict Return { get; } = new(VerdictKind.Return, null);

    public static Verdict Continue { get; } = new(VerdictKind.Continue, null);

    public static Verdict Jump(ChainName chain) => new(VerdictKind.Jump, Checked(chain));

    public static Verdict Goto(ChainName chain) => new(VerdictKind.Goto, Checked(chain));

    /// <summary>nft's spelling: <c>jump cali-fw-cali1234</c>, <c>drop</c>.</summary>
    public override string ToString() => Kind switch
    {
        VerdictKind.Accept => "accept",
        VerdictKind.Drop => "drop",
        VerdictKind.Return => "return",
        VerdictKind.Continue => "continue",
        VerdictKind.Jump => $"jump {Target}",
        VerdictKind.Goto => $"goto {Target}",
        _ => Kind.ToString(),
    };

    private static ChainName Checked(ChainName chain)
    {
        _ = chain.Value;
        return chain;
    }
}
