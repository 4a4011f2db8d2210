namespace Calico.Client.Syncing;

/// <summary>The watch fell behind the datastore's change log; a re-list follows, reporting only differences.</summary>
public sealed record StoredResyncing(string Reason) : StoredSyncUpdate;
