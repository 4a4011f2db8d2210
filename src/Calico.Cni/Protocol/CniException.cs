namespace Calico.Cni.Protocol;

/// <summary>A failure reported to the runtime as CNI error JSON: code, msg, details.</summary>
public sealed class CniException(CniErrorCode code, string message, string? details = null, Exception? inner = null)
    : Exception(message, inner)
{
    public CniErrorCode Code { get; } = code;

    public string? Details { get; } = details;
}
