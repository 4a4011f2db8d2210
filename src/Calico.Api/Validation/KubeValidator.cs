using Calico.Api.Kubernetes;
using Calico.Core;

namespace Calico.Api.Validation;

/// <summary>The Kubernetes API server's checks for the Kubernetes kinds we accept.</summary>
public static class KubeValidator
{
    public static void CheckNetworkPolicy(ValidationErrors errors, KubeNetworkPolicy policy)
    {
        var s = policy.Spec;
        CheckLabelSelector(errors, "spec.podSelector", s.PodSelector);
        for (var i = 0; i < (s.PolicyTypes?.Count ?? 0); i++)
        {
            if (s.PolicyTypes![i] is not ("Ingress" or "Egress"))
            {
                errors.Add($"spec.policyTypes[{i}]", $"\"{s.PolicyTypes[i]}\" is not Ingress or Egress");
            }
        }

        for (var i = 0; i < (s.Ingress?.Count ?? 0); i++)
        {
            CheckPorts(errors, $"spec.ingress[{i}].ports", s.Ingress![i].Ports);
            CheckPeers(errors, $"spec.ingress[{i}].from", s.Ingress[i].From);
        }

        for (var i = 0; i < (s.Egress?.Count ?? 0); i++)
        {
            CheckPorts(errors, $"spec.egress[{i}].ports", s.Egress![i].Ports);
            CheckPeers(errors, $"spec.egress[{i}].to", s.Egress[i].To);
        }
    }

    public static void CheckPod(ValidationErrors errors, KubePod pod)
    {
        var containers = pod.Spec.Containers ?? [];
        for (var c = 0; c < containers.Count; c++)
        {
            var ports = containers[c].Ports ?? [];
            for (var p = 0; p < ports.Count; p++)
            {
                var path = $"spec.containers[{c}].ports[{p}]";
                if (ports[p].ContainerPort is not (>= 1 and <= 65535))
                {
                    errors.Add(path + ".containerPort", "must be from 1 to 65535");
                }

                if (ports[p].Protocol is not (null or "TCP" or "UDP" or "SCTP"))
                {
                    errors.Add(path + ".protocol", $"\"{ports[p].Protocol}\" is not TCP, UDP or SCTP");
                }

                if (ports[p].Name is { } name && !Values.PortNames.IsValid(name))
                {
                    errors.Add(path + ".name", $"\"{name}\" is not a valid port name");
                }
            }
        }
    }

    private static void CheckPeers(ValidationErrors errors, string path, List<KubeNetworkPolicyPeer>? peers)
    {
        for (var i = 0; i < (peers?.Count ?? 0); i++)
        {
            var peer = peers![i];
            var peerPath = $"{path}[{i}]";
            if (peer.IpBlock is { } block)
            {
                if (peer.PodSelector is not null || peer.NamespaceSelector is not null)
                {
                    errors.Add(peerPath, "ipBlock cannot be combined with podSelector or namespaceSelector");
                }

                if (!Cidr.TryParseLenient(block.Cidr, out var cidr))
                {
                    errors.Add(peerPath + ".ipBlock.cidr", $"\"{block.Cidr}\" is not a valid CIDR");
                    continue;
                }

                for (var e = 0; e < (block.Except?.Count ?? 0); e++)
                {
                    if (!Cidr.TryParseLenient(block.Except![e], out var except) || !cidr.Covers(except))
                    {
                        errors.Add($"{peerPath}.ipBlock.except[{e}]", $"\"{block.Except[e]}\" must be a CIDR inside {block.Cidr}");
                    }
                }
            }
            else if (peer.PodSelector is null && peer.NamespaceSelector is null)
            {
                errors.Add(peerPath, "a peer needs podSelector, namespaceSelector or ipBlock");
            }

            CheckLabelSelector(errors, peerPath + ".podSelector", peer.PodSelector);
            CheckLabelSelector(errors, peerPath + ".namespaceSelector", peer.NamespaceSelector);
        }
    }

    private static void CheckPorts(ValidationErrors errors, string path, List<KubeNetworkPolicyPort>? ports)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var portPath = $"{path}[{i}]";
            if (port.Protocol is not (null or "TCP" or "UDP" or "SCTP"))
            {
                errors.Add(portPath + ".protocol", $"\"{port.Protocol}\" is not TCP, UDP or SCTP");
            }

            if (port.Port is { IsInt: true, IntValue: var number } && number is < 1 or > 65535)
            {
                errors.Add(portPath + ".port", "must be from 1 to 65535");
            }

            if (port.Port is { IsInt: false, StringValue: var name } && (name is null || !Values.PortNames.IsValid(name)))
            {
                errors.Add(portPath + ".port", $"\"{name}\" is not a valid port name");
            }

            if (port.EndPort is { } end)
            {
                if (port.Port is not { IsInt: true })
                {
                    errors.Add(portPath + ".endPort", "needs a numeric port");
                }
                else if (end < port.Port.Value.IntValue)
                {
                    errors.Add(portPath + ".endPort", "must not be below port");
                }
            }
        }
    }

    private static void CheckLabelSelector(ValidationErrors errors, string path, LabelSelector? selector)
    {
        for (var i = 0; i < (selector?.MatchExpressions?.Count ?? 0); i++)
        {
            var requirement = selector!.MatchExpressions![i];
            var itemPath = $"{path}.matchExpressions[{i}]";
            switch (requirement.Operator)
            {
                case "In" or "NotIn":
                    if (requirement.Values is not { Count: > 0 })
                    {
                        errors.Add(itemPath + ".values", $"must be non-empty for operator {requirement.Operator}");
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (requirement.Values is { Count: > 0 })
                    {
                        errors.Add(itemPath + ".values", $"must be empty for operator {requirement.Operator}");
                    }

                    break;
                default:
                    errors.Add(itemPath + ".operator", $"\"{requirement.Operator}\" is not In, NotIn, Exists or DoesNotExist");
                    break;
            }

            if (requirement.Key is null || NameRules.CheckLabelKey(requirement.Key) is not null)
            {
                errors.Add(itemPath + ".key", $"\"{requirement.Key}\" is not a valid label key");
            }
        }
    }
}
