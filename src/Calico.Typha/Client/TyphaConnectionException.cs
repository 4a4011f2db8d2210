namespace Calico.Typha.Client;

/// <summary>A connection to a Typha failed or ended abnormally; the message names the Typha and the cause.</summary>
public sealed class TyphaConnectionException : Exception
{
    public TyphaConnectionException(string message)
        : base(message)
    {
    }

    public TyphaConnectionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
