namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>
/// Every test that touches the kernel is in this collection: they run one after another, and the fixture compares
/// the root namespace's nftables ruleset before the first and after the last of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<RootRulesetGuard>
{
    public const string Name = "Kernel (nftables in network namespaces)";
}
