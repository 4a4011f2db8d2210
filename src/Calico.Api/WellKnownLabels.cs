namespace Calico.Api;

/// <summary>Labels and prefixes Calico attaches or interprets.</summary>
public static class WellKnownLabels
{
    public const string Namespace = "projectcalico.org/namespace";
    public const string Orchestrator = "projectcalico.org/orchestrator";
    public const string ServiceAccount = "projectcalico.org/serviceaccount";
    public const string Name = "projectcalico.org/name";
    public const string Tier = "projectcalico.org/tier";
    public const string NamespaceLabelPrefix = "pcns.";
    public const string ServiceAccountLabelPrefix = "pcsa.";
    public const string KubernetesOrchestrator = "k8s";
}
