using Calico.Ctl.Commands.Doctor.Checks;

namespace Calico.Ctl.Tests.Doctor;

/// <summary>Kubernetes label-selector syntax recognised where Calico syntax is needed, with its Calico equivalent.</summary>
public sealed class SelectorSyntaxTests
{
    [Theory]
    [InlineData("app=frontend", "app == 'frontend'")]
    [InlineData("app==frontend", "app == 'frontend'")]
    [InlineData("app=frontend,tier!=db", "app == 'frontend' && tier != 'db'")]
    [InlineData("app, !legacy", "has(app) && !has(legacy)")]
    [InlineData("env in (prod, staging),app=web", "env in {'prod', 'staging'} && app == 'web'")]
    [InlineData("env notin (dev)", "env not in {'dev'}")]
    [InlineData("k8s.io/app=web-1", "k8s.io/app == 'web-1'")]
    public void KubernetesEquivalent_KubernetesSyntax_GivesCalicoSelector(string text, string expected) =>
        Assert.Equal(expected, SelectorSyntax.KubernetesEquivalent(text));

    [Theory]
    [InlineData("app == 'frontend'")]
    [InlineData("has(app) && tier != 'db'")]
    [InlineData("all()")]
    [InlineData("")]
    public void KubernetesEquivalent_ValidCalicoSelector_IsNull(string text) =>
        Assert.Null(SelectorSyntax.KubernetesEquivalent(text));

    [Theory]
    [InlineData("app == ")]
    [InlineData("app=(x")]
    [InlineData("app = 'quoted'")]
    public void KubernetesEquivalent_NeitherSyntax_IsNull(string text) =>
        Assert.Null(SelectorSyntax.KubernetesEquivalent(text));
}
