using Calico.Api.Kubernetes;
using Calico.Api.Resources;

namespace Calico.Api.Validation;

/// <summary>Validates any resource on its own (no datastore): metadata, then the kind's own rules.</summary>
public static class ResourceValidator
{
    public static IReadOnlyList<ValidationError> Validate(Resource resource)
    {
        var errors = new ValidationErrors();
        var kind = ResourceKinds.Of(resource);
        CheckMetadata(errors, kind, resource);
        switch (resource)
        {
            case IPPool pool:
                IPPoolValidator.Check(errors, pool);
                break;
            case NetworkPolicy policy:
                PolicyValidator.CheckNetworkPolicy(errors, policy);
                break;
            case GlobalNetworkPolicy policy:
                PolicyValidator.CheckGlobalNetworkPolicy(errors, policy);
                break;
            case Tier tier:
                PolicyValidator.CheckTier(errors, tier);
                break;
            case Profile profile:
                PolicyValidator.CheckProfile(errors, profile);
                break;
            case NetworkSet set:
                CheckNets(errors, set.Spec.Nets);
                break;
            case GlobalNetworkSet set:
                CheckNets(errors, set.Spec.Nets);
                break;
            case KubeNetworkPolicy policy:
                KubeValidator.CheckNetworkPolicy(errors, policy);
                break;
            case KubePod pod:
                KubeValidator.CheckPod(errors, pod);
                break;
            default:
                InfrastructureValidator.Check(errors, resource);
                break;
        }

        return errors.All;
    }

    private static void CheckMetadata(ValidationErrors errors, ResourceKind kind, Resource resource)
    {
        var meta = resource.Metadata;
        if (kind.IsNamespaced)
        {
            if (NameRules.CheckLabelName(meta.Namespace) is { } problem)
            {
                errors.Add("metadata.namespace", problem);
            }
        }
        else if (!string.IsNullOrEmpty(meta.Namespace))
        {
            errors.Add("metadata.namespace", $"{kind.Kind} is not namespaced; remove metadata.namespace");
        }

        if (string.IsNullOrEmpty(meta.Name))
        {
            errors.Add("metadata.name", "is required");
        }
        else if (kind.Kind is not ("NetworkPolicy" or "GlobalNetworkPolicy" or "Tier" or "IPPool" or "Profile")
                 && NameRules.CheckSubdomain(meta.Name) is { } nameProblem)
        {
            errors.Add("metadata.name", nameProblem);
        }

        foreach (var (key, value) in meta.Labels ?? [])
        {
            if ((NameRules.CheckLabelKey(key) ?? NameRules.CheckLabelValue(key, value)) is { } labelProblem)
            {
                errors.Add($"metadata.labels.{key}", labelProblem);
            }
        }

        foreach (var key in meta.Annotations?.Keys ?? Enumerable.Empty<string>())
        {
            if (NameRules.CheckLabelKey(key) is { } annotationProblem)
            {
                errors.Add($"metadata.annotations.{key}", annotationProblem.Replace("label key", "annotation key", StringComparison.Ordinal));
            }
        }
    }

    private static void CheckNets(ValidationErrors errors, List<string>? nets)
    {
        for (var i = 0; i < (nets?.Count ?? 0); i++)
        {
            NetRules.CheckNet(errors, $"spec.nets[{i}]", nets![i]);
        }
    }
}
