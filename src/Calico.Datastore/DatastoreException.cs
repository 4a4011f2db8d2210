namespace Calico.Datastore;

/// <summary>The base of every error a datastore reports. Messages are written for the user.</summary>
public class DatastoreException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DatastoreException()
        : base("the datastore reported an error")
    {
    }

    /// <summary>Creates the exception with a user-facing message.</summary>
    public DatastoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public DatastoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// For a failed <see cref="IDatastore.CommitAsync"/>: the index of the first failing operation; otherwise
    /// <see langword="null"/>.
    /// </summary>
    public int? OperationIndex { get; init; }

    /// <inheritdoc/>
    public override string Message =>
        OperationIndex is int index ? $"{base.Message} (transaction operation {index})" : base.Message;
}
