namespace Calico.Client.Migration;

/// <summary>A migration step that refused or failed, with a message for the user; nothing was left half-applied.</summary>
public sealed class MigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
