namespace Calico.Datastore.Watching;

/// <summary>Changes read from a change log in one go.</summary>
/// <param name="Events">The matching changes after the cursor, in order.</param>
/// <param name="Next">Where the next read starts.</param>
/// <param name="HasMore">Whether the read stopped at its limit, so more changes can be read at once.</param>
internal sealed record ChangeBatch(IReadOnlyList<WatchEvent> Events, ChangeCursor Next, bool HasMore);
