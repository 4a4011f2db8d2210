namespace Calico.Client.Migration;

/// <summary>A whole export: the header and every resource in the order written (kind, namespace, name).</summary>
public sealed record ExportFile(ExportHeader Header, IReadOnlyList<ExportedResource> Resources);
