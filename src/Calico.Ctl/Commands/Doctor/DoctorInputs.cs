using Calico.Api;
using Calico.Api.Serialization;
using Calico.Ctl.Commands.Doctor.Lab;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Ctl.Commands.Doctor;

/// <summary>
/// What the checks read: the datastore's resources (listed once per kind, decoded leniently so a resource written
/// straight into the datastore cannot stop doctor), an IPAM client, the lab when calicoctl points at one, the
/// environment and the clock.
/// </summary>
internal sealed class DoctorInputs(IDatastore datastore, IIpamClient ipam, LabView? lab, IReadOnlyDictionary<string, string?> variables, TimeProvider time)
{
    private readonly Dictionary<ResourceKind, IReadOnlyList<Resource>> _resources = [];

    /// <summary>The IPAM client over the same datastore.</summary>
    public IIpamClient Ipam => ipam;

    /// <summary>The lab, or null outside one (node-level checks are then skipped).</summary>
    public LabView? Lab => lab;

    /// <summary>calicoctl's environment.</summary>
    public IReadOnlyDictionary<string, string?> Variables => variables;

    /// <summary>The clock (for "recent" log lines).</summary>
    public TimeProvider Time => time;

    /// <summary>Every stored resource of <paramref name="kind"/> that decodes (others are skipped).</summary>
    public async ValueTask<IReadOnlyList<Resource>> ListAsync(ResourceKind kind, CancellationToken ct)
    {
        if (_resources.TryGetValue(kind, out var cached))
        {
            return cached;
        }

        var items = new List<Resource>();
        foreach (var stored in (await datastore.ListAsync(kind.StoreKind, null, ct).ConfigureAwait(false)).Items)
        {
            try
            {
                items.Add(ResourceCodec.DecodeStored(kind, stored.Value));
            }
            catch (System.Text.Json.JsonException)
            {
                // Undecodable: Felix treats it as absent too (and logs it, which the log check reports).
            }
        }

        _resources[kind] = items;
        return items;
    }

    /// <summary>Every stored resource of <paramref name="kind"/> typed as <typeparamref name="T"/>.</summary>
    public async ValueTask<IReadOnlyList<T>> ListAsync<T>(ResourceKind kind, CancellationToken ct)
        where T : Resource =>
        (await ListAsync(kind, ct).ConfigureAwait(false)).OfType<T>().ToList();
}
