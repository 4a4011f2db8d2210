namespace Calico.Client.Migration;

/// <summary>The first document of an export file: what wrote it and what follows.</summary>
/// <param name="FormatVersion">The format's version; an import refuses one it does not know.</param>
/// <param name="SourceBackend">The backend exported from (<c>sqlite</c>, <c>etcdv3</c>).</param>
/// <param name="SourceRevision">The source's revision at the snapshot.</param>
/// <param name="ExportedAt">When the export was taken (UTC).</param>
/// <param name="ResourceCount">How many resource documents follow; fewer means a truncated file.</param>
/// <param name="Sha256">SHA-256 over every resource's key and value (<see cref="ExportChecksum"/>), lowercase hex.</param>
public sealed record ExportHeader(int FormatVersion, string SourceBackend, long SourceRevision, DateTimeOffset ExportedAt, int ResourceCount, string Sha256);
