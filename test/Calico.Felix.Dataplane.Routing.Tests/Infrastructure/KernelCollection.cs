namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// Every test that touches the kernel is in this collection: they run one after another, and the fixture compares
/// the root namespace before the first and after the last of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<RootNamespaceGuard>
{
    public const string Name = "Kernel (network namespaces)";
}
