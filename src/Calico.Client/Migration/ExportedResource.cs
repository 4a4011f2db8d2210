using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>One stored resource of an export: its key and its stored JSON, byte for byte.</summary>
/// <param name="Document">The document's number in the file (1 is the header), for error messages.</param>
/// <param name="Key">The resource's key in the datastore.</param>
/// <param name="Value">The stored JSON, exactly as the source datastore held it.</param>
public sealed record ExportedResource(int Document, ResourceKey Key, string Value);
