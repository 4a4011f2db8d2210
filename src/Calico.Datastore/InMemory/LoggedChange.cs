using Calico.Datastore.Watching;

namespace Calico.Datastore.InMemory;

/// <summary>One entry of the in-memory change log.</summary>
internal sealed record LoggedChange(ChangeCursor Position, WatchEvent Change);
