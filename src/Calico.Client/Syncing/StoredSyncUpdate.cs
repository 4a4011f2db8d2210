namespace Calico.Client.Syncing;

/// <summary>What a <see cref="StoredResourceFollower"/> reports, in datastore order: stored text, never decoded.</summary>
public abstract record StoredSyncUpdate;
