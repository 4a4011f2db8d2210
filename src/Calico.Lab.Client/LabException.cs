namespace Calico.Lab;

/// <summary>A failure to report to the user as one line, exit code 1.</summary>
public sealed class LabException(string message) : Exception(message);
