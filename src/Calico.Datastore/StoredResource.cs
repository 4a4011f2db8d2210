namespace Calico.Datastore;

/// <summary>A resource as the datastore holds it.</summary>
/// <param name="Key">The resource's key.</param>
/// <param name="Value">The serialized resource (JSON). The datastore never parses it.</param>
/// <param name="Revision">
/// The revision of the write that produced this result (etcd's <c>mod_revision</c>). For a deleted resource
/// returned by a delete, the revision of the delete.
/// </param>
/// <param name="CreateRevision">The revision at which the resource was created.</param>
public sealed record StoredResource(ResourceKey Key, string Value, long Revision, long CreateRevision);
