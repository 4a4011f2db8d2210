using Calico.Api;
using Calico.Policy.Effective;

namespace Calico.Policy.Snapshot;

/// <summary>
/// Computes the labels selectors see for endpoints and network sets: own labels first, then each
/// profile's labelsToApply in the order the profiles are listed, the first source defining a key winning
/// (felix/labelindex label inheritance).
/// </summary>
public static class EndpointLabels
{
    /// <summary>
    /// A workload's labels: its own (without <c>pcns.</c>/<c>pcsa.</c> keys, which a pod may not set,
    /// workloadendpointprocessor.go), <c>projectcalico.org/namespace</c>, <c>projectcalico.org/orchestrator</c>
    /// (k8s unless the spec says otherwise) and <c>projectcalico.org/serviceaccount</c>, then the profiles'.
    /// </summary>
    public static Dictionary<string, string> ForWorkload(
        IReadOnlyDictionary<string, string>? own,
        string? ns,
        string? orchestrator,
        string? serviceAccount,
        IReadOnlyList<string> profiles,
        IReadOnlyDictionary<string, EffectiveProfile> knownProfiles)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in own ?? new Dictionary<string, string>())
        {
            if (!key.StartsWith(WellKnownLabels.NamespaceLabelPrefix, StringComparison.Ordinal)
                && !key.StartsWith(WellKnownLabels.ServiceAccountLabelPrefix, StringComparison.Ordinal))
            {
                labels[key] = value;
            }
        }

        if (!string.IsNullOrEmpty(ns))
        {
            labels[WellKnownLabels.Namespace] = ns;
        }

        if (!string.IsNullOrEmpty(orchestrator))
        {
            labels[WellKnownLabels.Orchestrator] = orchestrator;
        }
        else
        {
            labels.TryAdd(WellKnownLabels.Orchestrator, WellKnownLabels.KubernetesOrchestrator);
        }

        if (!string.IsNullOrEmpty(serviceAccount))
        {
            labels[WellKnownLabels.ServiceAccount] = serviceAccount;
        }

        Inherit(labels, profiles, knownProfiles);
        return labels;
    }

    /// <summary>Own labels, then the profiles' (host endpoints).</summary>
    public static Dictionary<string, string> WithProfiles(
        IReadOnlyDictionary<string, string>? own,
        IReadOnlyList<string> profiles,
        IReadOnlyDictionary<string, EffectiveProfile> knownProfiles)
    {
        var labels = own is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(own, StringComparer.Ordinal);
        Inherit(labels, profiles, knownProfiles);
        return labels;
    }

    private static void Inherit(
        Dictionary<string, string> labels,
        IReadOnlyList<string> profiles,
        IReadOnlyDictionary<string, EffectiveProfile> knownProfiles)
    {
        foreach (var name in profiles)
        {
            if (!knownProfiles.TryGetValue(name, out var profile))
            {
                continue;
            }

            foreach (var (key, value) in profile.LabelsToApply)
            {
                labels.TryAdd(key, value);
            }
        }
    }
}
