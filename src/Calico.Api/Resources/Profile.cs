using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class Profile : Resource
{
    public ProfileSpec Spec { get; set; } = new();
}

public sealed class ProfileSpec
{
    public List<Rule>? Ingress { get; set; }

    public List<Rule>? Egress { get; set; }

    public SortedDictionary<string, string>? LabelsToApply { get; set; }
}
