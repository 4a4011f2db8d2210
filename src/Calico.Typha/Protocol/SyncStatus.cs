namespace Calico.Typha.Protocol;

/// <summary>Whether everything the server has from the datastore up to Revision has been sent (the snapshot is complete).</summary>
public sealed record SyncStatus(bool InSync, long Revision) : TyphaMessage;
