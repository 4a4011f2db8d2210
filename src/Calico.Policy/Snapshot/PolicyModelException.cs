namespace Calico.Policy.Snapshot;

/// <summary>A resource could not be turned into the policy model, e.g. because one of its selectors does not parse.</summary>
public sealed class PolicyModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PolicyModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public PolicyModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
