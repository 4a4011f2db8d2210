using Calico.Datastore;

namespace Calico.Ipam.Store;

/// <summary>
/// The result of a conditional transaction: committed (with the stored results), or lost a race (a resource changed,
/// appeared or vanished since it was read), with the index of the operation that failed.
/// </summary>
internal sealed record CommitOutcome(bool Committed, IReadOnlyList<StoredResource> Results, int? FailedOperation)
{
    public static CommitOutcome Lost(int? failedOperation) => new(false, [], failedOperation);
}
