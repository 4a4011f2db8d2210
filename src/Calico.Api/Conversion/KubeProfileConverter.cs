using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Api.Conversion;

/// <summary>Namespaces become profiles kns.&lt;ns&gt; (allow all, labels pcns.*); service accounts become ksa.&lt;ns&gt;.&lt;sa&gt; (labels pcsa.*).</summary>
public static class KubeProfileConverter
{
    public const string NamespacePrefix = "kns.";
    public const string ServiceAccountPrefix = "ksa.";

    public static string NamespaceProfileName(string ns) => NamespacePrefix + ns;

    public static string ServiceAccountProfileName(string ns, string serviceAccount) => $"{ServiceAccountPrefix}{ns}.{serviceAccount}";

    public static bool IsConverted(string profileName) =>
        profileName.StartsWith(NamespacePrefix, StringComparison.Ordinal) || profileName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal);

    public static Profile FromNamespace(KubeNamespace ns)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ns.Metadata.Labels ?? [])
        {
            labels[WellKnownLabels.NamespaceLabelPrefix + key] = value;
        }

        labels[WellKnownLabels.NamespaceLabelPrefix + WellKnownLabels.Name] = ns.Name;
        return new Profile
        {
            ApiVersion = ResourceKinds.CalicoApiVersion,
            Kind = "Profile",
            Metadata = Meta(NamespaceProfileName(ns.Name), ns),
            Spec = new ProfileSpec
            {
                Ingress = [new Rule { Action = RuleAction.Allow }],
                Egress = [new Rule { Action = RuleAction.Allow }],
                LabelsToApply = labels,
            },
        };
    }

    public static Profile FromServiceAccount(KubeServiceAccount account)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in account.Metadata.Labels ?? [])
        {
            labels[WellKnownLabels.ServiceAccountLabelPrefix + key] = value;
        }

        labels[WellKnownLabels.ServiceAccountLabelPrefix + WellKnownLabels.Name] = account.Name;
        return new Profile
        {
            ApiVersion = ResourceKinds.CalicoApiVersion,
            Kind = "Profile",
            Metadata = Meta(ServiceAccountProfileName(account.Namespace ?? "default", account.Name), account),
            Spec = new ProfileSpec { LabelsToApply = labels },
        };
    }

    private static Metadata.ObjectMeta Meta(string name, Resource source) => new()
    {
        Name = name,
        Uid = source.Metadata.Uid,
        ResourceVersion = source.Metadata.ResourceVersion,
        CreationTimestamp = source.Metadata.CreationTimestamp,
    };
}
