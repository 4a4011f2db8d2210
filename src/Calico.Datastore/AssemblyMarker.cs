namespace Calico.Datastore;
internal static class AssemblyMarker { }
