namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>
/// Every test that touches the kernel is in this collection: they run one after another, and the fixture checks that
/// the root namespace's nftables ruleset is the same after the last of them as before the first.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<RootRulesetGuard>
{
    public const string Name = "Kernel (Felix filter in network namespaces)";
}
