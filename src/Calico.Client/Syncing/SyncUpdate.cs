using Calico.Api;
using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>What a <see cref="ResourceSyncer"/> reports, in datastore order.</summary>
public abstract record SyncUpdate;

/// <summary>A resource was created or changed (or seen for the first time in a list).</summary>
public sealed record ResourceUpdated(ResourceKind Kind, Resource Resource, long Revision) : SyncUpdate;

/// <summary>A resource is gone (deleted, or found missing when re-listing after a gap).</summary>
public sealed record ResourceDeleted(ResourceKind Kind, ResourceKey Key, long Revision) : SyncUpdate;

/// <summary>A stored resource could not be decoded; consumers should treat it as absent (fail closed) and report it.</summary>
public sealed record ResourceUndecodable(ResourceKind Kind, ResourceKey Key, string Error, long Revision) : SyncUpdate;

/// <summary>Everything up to this revision has been reported: the consumer's view is complete.</summary>
public sealed record InSync(long Revision) : SyncUpdate;

/// <summary>The watch fell behind the datastore's change log; a re-list follows, reporting only differences.</summary>
public sealed record Resyncing(string Reason) : SyncUpdate;
