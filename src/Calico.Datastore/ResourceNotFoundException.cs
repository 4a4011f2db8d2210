namespace Calico.Datastore;

/// <summary>An update or delete named a key that does not exist.</summary>
public sealed class ResourceNotFoundException : DatastoreException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public ResourceNotFoundException(ResourceKey key)
        : base($"{key} does not exist")
    {
        Key = key;
    }

    /// <summary>The missing key.</summary>
    public ResourceKey Key { get; }
}
