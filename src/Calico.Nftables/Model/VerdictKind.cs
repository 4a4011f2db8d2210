namespace Calico.Nftables;

/// <summary>The verdicts a verdict map can hold.</summary>
public enum VerdictKind
{
    Accept,
    Drop,
    Return,
    Continue,
    Jump,
    Goto,
}
