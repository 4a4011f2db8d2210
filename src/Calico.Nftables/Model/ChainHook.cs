namespace Calico.Nftables;

/// <summary>The netfilter hook a base chain is attached to.</summary>
public enum ChainHook
{
    Prerouting,
    Input,
    Forward,
    Output,
    Postrouting,
}
