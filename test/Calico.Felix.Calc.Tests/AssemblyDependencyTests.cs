using Calico.Felix.Calc.Graph;

namespace Calico.Felix.Calc.Tests;

public class AssemblyDependencyTests
{
    /// <summary>Base class library assemblies that reach the network, files, the console, processes or databases.</summary>
    private static readonly string[] IoAssemblies =
    [
        "System.Net.Sockets", "System.Net.Http", "System.Net.NetworkInformation", "System.Net.NameResolution", "System.Net.Ping",
        "System.Net.Requests", "System.Net.Security", "System.Net.WebSockets", "System.Net.Quic", "System.Net.Mail",
        "System.IO.FileSystem", "System.IO.FileSystem.Watcher", "System.IO.Pipes", "System.IO.MemoryMappedFiles", "System.IO.Ports",
        "System.Console", "System.Diagnostics.Process", "System.Data.Common",
    ];

    [Fact]
    public void CalicoFelixCalc_References_OnlyTheModelLibrariesAndTheBaseClassLibrary()
    {
        // The calc graph is pure (conventions §4: Calc never references a datastore backend or the kernel):
        // Calico.Core, Calico.Selectors, Calico.Api, Calico.Policy and BCL assemblies that do no I/O.
        string[] allowed = ["Calico.Core", "Calico.Selectors", "Calico.Api", "Calico.Policy"];
        var references = typeof(CalculationGraph).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Calico.Policy", references);
        Assert.All(references, name => Assert.True(
            allowed.Contains(name) || name == "netstandard" || IsBaseClassLibrary(name),
            $"Calico.Felix.Calc references {name}"));
    }

    private static bool IsBaseClassLibrary(string name) =>
        (name == "System" || name.StartsWith("System.", StringComparison.Ordinal)) && !IoAssemblies.Contains(name);
}
