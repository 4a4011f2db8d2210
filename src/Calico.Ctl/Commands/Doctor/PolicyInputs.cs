using Calico.Api;
using Calico.Policy;
using Calico.Policy.Snapshot;

namespace Calico.Ctl.Commands.Doctor;

/// <summary>
/// The policy model over the stored resources, built leniently: a resource the model cannot convert (a selector that
/// does not parse, written straight into the datastore) is left out and listed in <see cref="Rejected"/>.
/// </summary>
internal sealed record PolicyInputs(PolicySnapshot Snapshot, IReadOnlyList<(Resource Resource, string Error)> Rejected)
{
    private static readonly ResourceKind[] ModelKinds =
    [
        ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy, ResourceKinds.Profile,
        ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
        ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint,
    ];

    /// <summary>Builds the model from <paramref name="inputs"/>' resources.</summary>
    public static async ValueTask<PolicyInputs> LoadAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var builder = new PolicySnapshotBuilder();
        var rejected = new List<(Resource, string)>();
        foreach (var kind in ModelKinds)
        {
            foreach (var resource in await inputs.ListAsync(kind, ct).ConfigureAwait(false))
            {
                try
                {
                    builder.Add(resource);
                }
                catch (PolicyModelException e)
                {
                    rejected.Add((resource, e.Message));
                }
            }
        }

        return new PolicyInputs(builder.Build(), rejected);
    }
}
