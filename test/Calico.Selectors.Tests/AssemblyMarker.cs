namespace Calico.Selectors.Tests;
internal static class AssemblyMarker { }
