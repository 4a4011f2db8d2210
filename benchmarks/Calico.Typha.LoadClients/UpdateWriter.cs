using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Typha.LoadClients;

/// <summary>
/// Makes one change per call, as a controller would: reads the next target endpoint, flips its <c>tier</c> label and
/// writes it back in a single-op transaction with the revision it read.
/// </summary>
internal sealed class UpdateWriter(IDatastore store, IReadOnlyList<UpdateTarget> targets)
{
    private int _next;

    /// <summary>The committed revision and when the commit started and returned (<see cref="MonotonicClock"/>).</summary>
    public async Task<(long Revision, long StartNanoseconds, long EndNanoseconds)> WriteNextAsync(CancellationToken ct)
    {
        var key = targets[_next++ % targets.Count].Key;
        var stored = await store.GetAsync(key, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{key} is not in the store");
        var resource = ResourceCodec.DecodeStored(ResourceKinds.WorkloadEndpoint, stored.Value);
        var labels = resource.Metadata.Labels!;
        labels["tier"] = string.Equals(labels["tier"], "frontend", StringComparison.Ordinal) ? "backend" : "frontend";
        var json = ResourceCodec.EncodeJson(resource);
        var start = MonotonicClock.NowNanoseconds();
        var committed = await store.CommitAsync([new TransactionOp.Update(key, json, stored.Revision)], ct).ConfigureAwait(false);
        return (committed[0].Revision, start, MonotonicClock.NowNanoseconds());
    }
}
