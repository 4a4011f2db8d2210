using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>Every selector text a stored NetworkPolicy or GlobalNetworkPolicy holds, with its field path (<c>spec.ingress[0].source.selector</c>).</summary>
internal static class PolicySelectorFields
{
    /// <summary>The selector fields of <paramref name="policy"/> that are set.</summary>
    public static IEnumerable<(string Field, string Text)> Of(Resource policy)
    {
        var (fields, ingress, egress) = policy switch
        {
            NetworkPolicy np => (new[] { ("spec.selector", np.Spec.Selector), ("spec.serviceAccountSelector", np.Spec.ServiceAccountSelector) }, np.Spec.Ingress, np.Spec.Egress),
            GlobalNetworkPolicy gnp => (new[] { ("spec.selector", gnp.Spec.Selector), ("spec.namespaceSelector", gnp.Spec.NamespaceSelector), ("spec.serviceAccountSelector", gnp.Spec.ServiceAccountSelector) }, gnp.Spec.Ingress, gnp.Spec.Egress),
            _ => ([], null, null),
        };
        foreach (var (field, text) in fields)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (field, text);
            }
        }

        foreach (var (direction, rules) in new[] { ("ingress", ingress), ("egress", egress) })
        {
            for (var i = 0; i < (rules?.Count ?? 0); i++)
            {
                foreach (var (side, entity) in new[] { ("source", rules![i].Source), ("destination", rules[i].Destination) })
                {
                    foreach (var (name, text) in Entity(entity))
                    {
                        yield return ($"spec.{direction}[{i}].{side}.{name}", text);
                    }
                }
            }
        }
    }

    private static IEnumerable<(string, string)> Entity(EntityRule? entity)
    {
        foreach (var (name, text) in new[] { ("selector", entity?.Selector), ("notSelector", entity?.NotSelector), ("namespaceSelector", entity?.NamespaceSelector), ("serviceAccounts.selector", entity?.ServiceAccounts?.Selector) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (name, text);
            }
        }
    }
}
