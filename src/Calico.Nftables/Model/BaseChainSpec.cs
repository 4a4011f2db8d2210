namespace Calico.Nftables;

/// <summary>
/// Makes a chain a base chain: attached to <paramref name="Hook"/> with a <paramref name="Type"/> and a numeric
/// <paramref name="Priority"/> (filter is 0, dstnat -100, srcnat 100, raw -300, mangle -150). Changing only the
/// policy updates the chain in place; changing type, hook or priority recreates it inside the same transaction.
/// </summary>
public readonly record struct BaseChainSpec(ChainType Type, ChainHook Hook, int Priority, ChainPolicy Policy = ChainPolicy.Accept)
{
    /// <summary>The nft body: <c>{ type filter hook input priority 0; policy accept; }</c>.</summary>
    public string ToNft() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{ type {Name(Type)} hook {Name(Hook)} priority {Priority}; policy {Name(Policy)}; }}");

    internal static string Name(ChainType type) => type switch
    {
        ChainType.Filter => "filter",
        ChainType.Nat => "nat",
        ChainType.Route => "route",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    internal static string Name(ChainHook hook) => hook switch
    {
        ChainHook.Prerouting => "prerouting",
        ChainHook.Input => "input",
        ChainHook.Forward => "forward",
        ChainHook.Output => "output",
        ChainHook.Postrouting => "postrouting",
        _ => throw new ArgumentOutOfRangeException(nameof(hook), hook, null),
    };

    internal static string Name(ChainPolicy policy) => policy switch
    {
        ChainPolicy.Accept => "accept",
        ChainPolicy.Drop => "drop",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    internal static bool TryParse(string? type, string? hook, int priority, string? policy, out BaseChainSpec spec)
    {
        spec = default;
        ChainType? t = type switch { "filter" => ChainType.Filter, "nat" => ChainType.Nat, "route" => ChainType.Route, _ => null };
        ChainHook? h = hook switch
        {
            "prerouting" => ChainHook.Prerouting,
            "input" => ChainHook.Input,
            "forward" => ChainHook.Forward,
            "output" => ChainHook.Output,
            "postrouting" => ChainHook.Postrouting,
            _ => null,
        };
        ChainPolicy? p = policy switch { "accept" or null => ChainPolicy.Accept, "drop" => ChainPolicy.Drop, _ => null };
        if (t is null || h is null || p is null)
        {
            return false;
        }

        spec = new BaseChainSpec(t.Value, h.Value, priority, p.Value);
        return true;
    }
}
