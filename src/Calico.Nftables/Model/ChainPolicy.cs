namespace Calico.Nftables;

/// <summary>What a base chain does with a packet that falls off its end.</summary>
public enum ChainPolicy
{
    Accept,
    Drop,
}
