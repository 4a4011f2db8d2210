namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>GlobalNetworkPolicies that deny a namespace's pods while that namespace's own policies look clean (see <see cref="GlobalPolicyShadowing"/>).</summary>
internal sealed class GlobalPolicyShadowCheck : IDoctorCheck
{
    private const int MaxPods = 5;

    public string Name => "global policy";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var model = await PolicyInputs.LoadAsync(inputs, ct).ConfigureAwait(false);
        var findings = new List<DoctorFinding>();
        foreach (var shadow in GlobalPolicyShadowing.Find(model.Snapshot))
        {
            var name = shadow.Policy.Id.Name;
            var pods = shadow.Pods.Select(p => p.DisplayName).ToList();
            var own = shadow.NamespacePolicies.Count == 0
                ? $"namespace {shadow.Namespace} has no NetworkPolicies of its own"
                : $"namespace {shadow.Namespace}'s own policies deny nothing: {string.Join(", ", shadow.NamespacePolicies)}";
            var evidence = new List<string>
            {
                $"GlobalNetworkPolicy {name} (tier {shadow.Policy.Tier}, selector {shadow.Policy.Selector.Canonical}) selects {pods.Count} pod(s) of namespace {shadow.Namespace}: {string.Join(", ", pods.Take(MaxPods))}{(pods.Count > MaxPods ? ", …" : string.Empty)}",
            };
            evidence.AddRange(shadow.Reasons.Select(r => $"GlobalNetworkPolicy {name}: {r}"));
            evidence.Add(own);
            findings.Add(new DoctorFinding(
                FindingSeverity.Warning,
                $"GlobalNetworkPolicy {name} denies traffic of pods in namespace {shadow.Namespace}, whose own policies look clean",
                evidence,
                $"calicoctl get globalnetworkpolicy {name} -o yaml; calicoctl policy trace --from <src> --to {pods[0]} --port <port>"));
        }

        return new DoctorCheckResult(findings);
    }
}
