namespace Calico.Api;
internal static class AssemblyMarker { }
