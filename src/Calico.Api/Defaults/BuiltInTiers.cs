using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Api.Defaults;

/// <summary>The tiers Calico always has: kube-admin (1000, Pass), default (1e6, Deny), kube-baseline (1e7, Pass).</summary>
public static class BuiltInTiers
{
    public const string Default = "default";
    public const string KubeAdmin = "kube-admin";
    public const string KubeBaseline = "kube-baseline";
    public const double DefaultOrder = 1_000_000;

    public static IReadOnlyList<Tier> Create() =>
    [
        Make(KubeAdmin, 1_000, TierDefaultAction.Pass),
        Make(Default, DefaultOrder, TierDefaultAction.Deny),
        Make(KubeBaseline, 10_000_000, TierDefaultAction.Pass),
    ];

    public static bool IsBuiltIn(string name) =>
        name is Default or KubeAdmin or KubeBaseline;

    private static Tier Make(string name, double order, TierDefaultAction action) => new()
    {
        ApiVersion = ResourceKinds.CalicoApiVersion,
        Kind = "Tier",
        Metadata = new() { Name = name },
        Spec = new TierSpec { Order = order, DefaultAction = action },
    };
}
