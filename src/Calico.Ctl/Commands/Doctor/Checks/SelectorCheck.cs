using Calico.Api;
using Calico.Policy.Effective;
using Calico.Selectors;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// Selectors that cannot work: written in Kubernetes label syntax (<c>app=frontend</c>; calicoctl refuses them, but
/// one written straight into the datastore is ignored by Felix), not parsing at all, or selecting nothing (a policy
/// whose selector matches no endpoint; a rule whose peer selector matches no endpoint or network set).
/// </summary>
internal sealed class SelectorCheck : IDoctorCheck
{
    public string Name => "selectors";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        foreach (var kind in (ResourceKind[])[ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy])
        {
            foreach (var policy in await inputs.ListAsync(kind, ct).ConfigureAwait(false))
            {
                findings.AddRange(Unparsable(kind, policy));
            }
        }

        var model = await PolicyInputs.LoadAsync(inputs, ct).ConfigureAwait(false);
        var snapshot = model.Snapshot;
        foreach (var policy in snapshot.Policies)
        {
            var evidence = new List<string>();
            if (!snapshot.Endpoints.Any(e => policy.Selector.Matches(e.Labels)))
            {
                evidence.Add($"{policy.Id.Kind} {policy.Id}: selector {policy.Selector.Canonical} matches no workload or host endpoint");
            }

            foreach (var (where, selector) in PeerSelectors(policy))
            {
                if (!snapshot.Endpoints.Any(e => selector.Matches(e.Labels)) && !snapshot.NetworkSets.Any(n => selector.Matches(n.Labels)))
                {
                    evidence.Add($"{policy.Id.Kind} {policy.Id}: {where} selector {selector.Canonical} matches no endpoint or network set");
                }
            }

            if (evidence.Count > 0)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Warning,
                    $"{policy.Id.Kind} {policy.Id} has selectors that select nothing",
                    evidence,
                    $"calicoctl get workloadendpoints -A -o wide (compare the labels); calicoctl get {KindArgument(policy)} {policy.Id.Name}{(policy.Id.Namespace is { } ns ? $" -n {ns}" : string.Empty)} -o yaml"));
            }
        }

        return new DoctorCheckResult(findings);
    }

    private static IEnumerable<DoctorFinding> Unparsable(ResourceKind kind, Resource policy)
    {
        var id = policy.Namespace is { } ns ? $"{ns}/{policy.Name}" : policy.Name;
        var get = $"calicoctl get {kind.Kind.ToLowerInvariant()} {policy.Name}{(policy.Namespace is { } n ? $" -n {n}" : string.Empty)} -o yaml";
        foreach (var (field, text) in PolicySelectorFields.Of(policy))
        {
            if (Selector.TryParse(text, out _, out var error))
            {
                continue;
            }

            if (SelectorSyntax.KubernetesEquivalent(text) is { } calico)
            {
                yield return new DoctorFinding(
                    FindingSeverity.Failure,
                    $"{kind.Kind} {id} uses Kubernetes label syntax in {field}",
                    [
                        $"{kind.Kind} {id}: {field}: \"{text}\" is Kubernetes label-selector syntax; Calico does not parse it ({error.Message}), so Felix ignores the policy",
                        $"in Calico syntax: {calico}",
                    ],
                    $"{get}; then calicoctl apply it with {field}: \"{calico}\"");
            }
            else
            {
                yield return new DoctorFinding(
                    FindingSeverity.Failure,
                    $"{kind.Kind} {id} has a selector that does not parse in {field}",
                    [$"{kind.Kind} {id}: {field}: \"{text}\": {error.Message}"],
                    $"{get}; calicoctl validate -f <fixed file>");
            }
        }
    }

    private static IEnumerable<(string Where, Selector Selector)> PeerSelectors(EffectivePolicy policy)
    {
        foreach (var (direction, rules) in new[] { ("ingress", policy.Ingress), ("egress", policy.Egress) })
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Source.Selector is { } source)
                {
                    yield return ($"{direction} rule {i + 1} source", source);
                }

                if (rules[i].Destination.Selector is { } destination)
                {
                    yield return ($"{direction} rule {i + 1} destination", destination);
                }
            }
        }
    }

    private static string KindArgument(EffectivePolicy policy) => policy.Id.Kind switch
    {
        Calico.Policy.Ids.PolicyKind.GlobalNetworkPolicy => "globalnetworkpolicy",
        Calico.Policy.Ids.PolicyKind.KubernetesNetworkPolicy => "kubernetesnetworkpolicy",
        _ => "networkpolicy",
    };
}
