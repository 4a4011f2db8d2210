namespace Calico.Node.Startup;

/// <summary>
/// calico-node cannot register its Node: no address could be detected, the address is another node's, or the Node
/// resource cannot be written. The message says what and why; calico-node exits non-zero.
/// </summary>
public sealed class NodeRegistrationException(string message) : Exception(message);
