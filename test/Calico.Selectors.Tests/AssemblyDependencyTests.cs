namespace Calico.Selectors.Tests;

public class AssemblyDependencyTests
{
    [Fact]
    public void CalicoSelectors_References_OnlyTheBaseClassLibrary()
    {
        // conventions.md §4: Selectors must never depend on a datastore backend or the kernel.
        var references = typeof(Selector).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"Calico.Selectors references {name}"));
    }
}
