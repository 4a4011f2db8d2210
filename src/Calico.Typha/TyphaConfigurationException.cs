namespace Calico.Typha;

/// <summary>A Typha server or client setting is invalid; the message names the environment variable to fix.</summary>
public sealed class TyphaConfigurationException(string message) : Exception(message);
