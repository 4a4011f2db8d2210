namespace Calico.Datastore;

/// <summary>One change delivered by <see cref="IDatastore.WatchAsync"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Key">The resource that changed.</param>
/// <param name="Value">The new value; <see langword="null"/> for <see cref="WatchEventType.Deleted"/>.</param>
/// <param name="PreviousValue">
/// The value before the change; <see langword="null"/> for <see cref="WatchEventType.Added"/>.
/// </param>
/// <param name="Revision">
/// The revision of the write. All changes made by one transaction share a revision and are delivered together,
/// in the order of the transaction's operations.
/// </param>
public sealed record WatchEvent(WatchEventType Type, ResourceKey Key, string? Value, string? PreviousValue, long Revision);
