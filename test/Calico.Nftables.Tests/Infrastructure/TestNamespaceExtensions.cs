namespace Calico.Nftables.Tests.Infrastructure;

internal static class TestNamespaceExtensions
{
    /// <summary><c>ip netns exec NAME nft -j list ruleset</c>, parsed.</summary>
    public static KernelView Ruleset(this TestNamespace ns) => KernelView.Parse(ns.Nft("-j", "list", "ruleset"));
}
