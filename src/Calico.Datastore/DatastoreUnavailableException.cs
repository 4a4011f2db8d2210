namespace Calico.Datastore;

/// <summary>
/// The datastore cannot be reached: it cannot be opened, or it stayed locked by another process beyond the
/// configured timeout. The message names the location and, for a timeout, its length.
/// </summary>
public sealed class DatastoreUnavailableException : DatastoreException
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public DatastoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public DatastoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
