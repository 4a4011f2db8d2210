namespace Calico.Selectors;
internal static class AssemblyMarker { }
