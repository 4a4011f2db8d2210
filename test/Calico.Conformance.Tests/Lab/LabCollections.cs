namespace Calico.Conformance.Tests.Lab;

/// <summary>The scenario, harness and seed tests share one lab (set up once, about ten seconds).</summary>
[CollectionDefinition(Name)]
public sealed class KubeModelLabCollection : ICollectionFixture<ConformanceLab>
{
    public const string Name = "kube-model lab";
}

/// <summary>The fail-closed tests stop and start calico-node, so they get a lab of their own.</summary>
[CollectionDefinition(Name)]
public sealed class FailClosedLabCollection : ICollectionFixture<FailClosedLab>
{
    public const string Name = "fail-closed lab";
}

/// <summary>A second <see cref="ConformanceLab"/> type, so the fail-closed collection gets its own instance.</summary>
public sealed class FailClosedLab : ConformanceLab
{
}

/// <summary>The scenarios again with the nine pods spread over three nodes (a on node1, b on node2, c on node3), VXLAN overlay.</summary>
[CollectionDefinition(Name)]
public sealed class SpreadVxlanLabCollection : ICollectionFixture<SpreadVxlanLab>
{
    public const string Name = "kube-model lab, 3 nodes, vxlan";
}

/// <summary>The scenarios again with the nine pods spread over three nodes, BGP (BIRD mesh) routing.</summary>
[CollectionDefinition(Name)]
public sealed class SpreadBgpLabCollection : ICollectionFixture<SpreadBgpLab>
{
    public const string Name = "kube-model lab, 3 nodes, bgp";
}

/// <summary>Three nodes: pod a of every namespace on node1, b on node2, c on node3.</summary>
public abstract class SpreadLab : ConformanceLab
{
    protected override int NodeCount => 3;

    protected override string NodeForPod(string name) => name.Split('/')[1] switch
    {
        "a" => "node1",
        "b" => "node2",
        _ => "node3",
    };
}

public sealed class SpreadVxlanLab : SpreadLab
{
    protected override string Mode => "vxlan";
}

public sealed class SpreadBgpLab : SpreadLab
{
    protected override string Mode => "bgp";
}
