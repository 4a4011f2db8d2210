using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>A resource is gone (deleted, or found missing when re-listing after a gap).</summary>
public sealed record StoredResourceDeleted(ResourceKey Key, long Revision) : StoredSyncUpdate;
