using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>A resource was created or changed (or seen for the first time in a list); <paramref name="Value"/> is its stored text.</summary>
public sealed record StoredResourceChanged(ResourceKey Key, string Value, long Revision) : StoredSyncUpdate;
