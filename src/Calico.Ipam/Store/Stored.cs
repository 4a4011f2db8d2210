namespace Calico.Ipam.Store;

/// <summary>A decoded resource and the revision it was read at (for a conditional write back).</summary>
internal sealed record Stored<T>(T Resource, long Revision);
