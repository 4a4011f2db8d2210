namespace Calico.Datastore;

/// <summary>What happened to a resource.</summary>
public enum WatchEventType
{
    /// <summary>The resource was created.</summary>
    Added,

    /// <summary>The resource was updated.</summary>
    Modified,

    /// <summary>The resource was deleted.</summary>
    Deleted,
}
