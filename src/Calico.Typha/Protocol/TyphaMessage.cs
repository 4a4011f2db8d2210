namespace Calico.Typha.Protocol;

/// <summary>One decoded frame.</summary>
public abstract record TyphaMessage;
