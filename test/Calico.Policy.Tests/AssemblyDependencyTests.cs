namespace Calico.Policy.Tests;

public class AssemblyDependencyTests
{
    [Fact]
    public void CalicoPolicy_References_OnlyApiSelectorsCoreAndTheBaseClassLibrary()
    {
        // The policy model is pure: no datastore, no kernel, no I/O.
        string[] allowed = ["Calico.Api", "Calico.Selectors", "Calico.Core"];
        var references = typeof(PolicyModel).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard" || allowed.Contains(name),
            $"Calico.Policy references {name}"));
    }
}
