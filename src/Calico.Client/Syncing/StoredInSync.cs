namespace Calico.Client.Syncing;

/// <summary>Everything up to this revision has been reported.</summary>
public sealed record StoredInSync(long Revision) : StoredSyncUpdate;
