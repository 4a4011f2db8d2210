namespace Calico.Ctl.Tests;
internal static class AssemblyMarker { }
