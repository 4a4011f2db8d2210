namespace Calico.Ipam.Allocation;

/// <summary>Who an allocation is for: the handle and the attributes stored with it.</summary>
internal sealed record AllocationOwner(string HandleId, IReadOnlyDictionary<string, string> Attributes);
