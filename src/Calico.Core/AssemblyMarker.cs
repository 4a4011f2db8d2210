namespace Calico.Core;
internal static class AssemblyMarker { }
