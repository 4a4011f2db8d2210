namespace Calico.Ctl;

/// <summary>A failure to report to the user as one line on stderr, with exit code 1.</summary>
public sealed class CtlException(string message) : Exception(message);
