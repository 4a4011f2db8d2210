namespace Calico.Ipam;

/// <summary>An IPAM failure with a user-facing message and a <see cref="Kind"/> to act on (e.g. map to a CNI error code).</summary>
public sealed class IpamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IpamException(IpamErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public IpamErrorKind Kind { get; }

    /// <summary>True for failures that may succeed when retried later (datastore down, contention).</summary>
    public bool IsTransient => Kind is IpamErrorKind.DatastoreUnavailable or IpamErrorKind.DatastoreNotReady or IpamErrorKind.TooManyConflicts;
}
