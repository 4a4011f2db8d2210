namespace Calico.Api.Tests;
internal static class AssemblyMarker { }
