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
