namespace Calico.Datastore;

/// <summary>A create named a key that already exists.</summary>
public sealed class ResourceAlreadyExistsException : DatastoreException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public ResourceAlreadyExistsException(ResourceKey key)
        : base($"{key} already exists")
    {
        Key = key;
    }

    /// <summary>The key that exists.</summary>
    public ResourceKey Key { get; }
}
