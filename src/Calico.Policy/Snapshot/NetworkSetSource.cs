using Calico.Api;
using Calico.Api.Conversion;
using Calico.Core;
using Calico.Policy.Effective;

namespace Calico.Policy.Snapshot;

/// <summary>A NetworkSet or GlobalNetworkSet as added to the builder; its labels are resolved at build time (they inherit from <c>kns.&lt;ns&gt;</c>).</summary>
internal sealed record NetworkSetSource(string? Namespace, string Name, IReadOnlyDictionary<string, string>? OwnLabels, Cidr[] Nets)
{
    public ModelNetworkSet Create(IReadOnlyDictionary<string, EffectiveProfile> profiles)
    {
        Dictionary<string, string> labels;
        if (Namespace is null)
        {
            labels = OwnLabels is null ? new(StringComparer.Ordinal) : new(OwnLabels, StringComparer.Ordinal);
        }
        else
        {
            var own = OwnLabels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new(OwnLabels, StringComparer.Ordinal);
            own[WellKnownLabels.Namespace] = Namespace;
            labels = EndpointLabels.WithProfiles(own, [KubeProfileConverter.NamespaceProfileName(Namespace)], profiles);
        }

        return new ModelNetworkSet { Namespace = Namespace, Name = Name, Nets = Nets, Labels = labels };
    }
}
