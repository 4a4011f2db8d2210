namespace Calico.Bgp.Control;

/// <summary>BIRD answered with an error code (8xxx run-time, 9xxx parse error) or with output that is not its protocol.</summary>
public sealed class BirdReplyException(string message) : Exception(message);
