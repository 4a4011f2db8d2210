namespace Calico.Datastore.Tests;
internal static class AssemblyMarker { }
