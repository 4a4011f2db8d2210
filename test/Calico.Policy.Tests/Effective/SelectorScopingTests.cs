using Calico.Api.Values;
using Calico.Policy.Effective;

namespace Calico.Policy.Tests.Effective;

/// <summary>The selector text must equal what libcalico-go's update processors produce (their tests pin these strings).</summary>
public class SelectorScopingTests
{
    public static TheoryData<string, EntityRule, string?, string> EntityRules => new()
    {
        { "selector in a namespaced policy", new EntityRule { Selector = "mylabel == 'value1'" }, "namespace2", "(projectcalico.org/namespace == 'namespace2') && (mylabel == 'value1')" },
        { "notSelector alone still scopes to the namespace", new EntityRule { NotSelector = "has(label2)" }, "namespace2", "projectcalico.org/namespace == 'namespace2'" },
        { "nets alone are not scoped", new EntityRule { Nets = ["10.0.0.0/8"] }, "namespace2", "" },
        { "ports alone are not scoped", new EntityRule { Ports = [Port.Single(80)] }, "namespace2", "" },
        { "namespaceSelector in a global policy", new EntityRule { NamespaceSelector = "namespacelabel1 == 'value1'" }, null, "pcns.namespacelabel1 == \"value1\"" },
        { "namespaceSelector replaces the own namespace", new EntityRule { NamespaceSelector = "namespacelabel1 == 'value1'" }, "ns1", "pcns.namespacelabel1 == \"value1\"" },
        { "selector and namespaceSelector", new EntityRule { Selector = "projectcalico.org/orchestrator == 'k8s'", NamespaceSelector = "key == 'value'" }, "namespace", "(pcns.key == \"value\") && (projectcalico.org/orchestrator == 'k8s')" },
        { "complex namespaceSelector", new EntityRule { NamespaceSelector = "!has(key) || (has(key) && !key in {'value'})" }, "namespace", "(!has(pcns.key) || (has(pcns.key) && !pcns.key in {\"value\"}))" },
        { "namespaceSelector all() is any namespace", new EntityRule { NamespaceSelector = "all()", Selector = "has(label2)" }, "namespace", "(has(projectcalico.org/namespace)) && (has(label2))" },
        { "namespaceSelector global() is no namespace", new EntityRule { NamespaceSelector = "global()", Selector = "has(label3)" }, "namespace", "(!has(projectcalico.org/namespace)) && (has(label3))" },
        { "namespaceSelector with a label and a selector", new EntityRule { NamespaceSelector = "namespace == 'red'", Selector = "has(label1)" }, "namespace", "(pcns.namespace == \"red\") && (has(label1))" },
        {
            "service account names and selector in a namespaced policy",
            new EntityRule { ServiceAccounts = new() { Names = ["sa1", "sa2"], Selector = "key == 'value1'" } },
            "namespace",
            "(projectcalico.org/namespace == 'namespace') && ((pcsa.key == \"value1\") && (projectcalico.org/serviceaccount in {\"sa1\", \"sa2\"}))"
        },
        {
            "service accounts with a namespaceSelector",
            new EntityRule { NamespaceSelector = "nskey == 'nsvalue'", ServiceAccounts = new() { Names = ["sa3"], Selector = "key == 'value2'" } },
            "namespace",
            "(pcns.nskey == \"nsvalue\") && ((pcsa.key == \"value2\") && (projectcalico.org/serviceaccount in {\"sa3\"}))"
        },
        {
            "service accounts in a global policy",
            new EntityRule { ServiceAccounts = new() { Names = ["sa1", "sa2"], Selector = "key == 'value1'" } },
            null,
            "(pcsa.key == \"value1\") && (projectcalico.org/serviceaccount in {\"sa1\", \"sa2\"})"
        },
        {
            "service accounts, namespaceSelector and selector",
            new EntityRule { NamespaceSelector = "nskey == 'nsvalue'", Selector = "has(label1)", ServiceAccounts = new() { Names = ["sa3"], Selector = "key == 'value2'" } },
            "namespace",
            "(pcns.nskey == \"nsvalue\") && (((pcsa.key == \"value2\") && (projectcalico.org/serviceaccount in {\"sa3\"})) && (has(label1)))"
        },
        { "an empty service account match is no constraint", new EntityRule { ServiceAccounts = new() }, null, "" },
        { "service account names only", new EntityRule { ServiceAccounts = new() { Names = ["b", "a"] } }, null, "projectcalico.org/serviceaccount in {\"a\", \"b\"}" },
        { "a profile rule is not scoped", new EntityRule { Selector = "has(foo)" }, null, "has(foo)" },
    };

    [Theory]
    [MemberData(nameof(EntityRules))]
    public void ForEntityRule_CalicoCase_GivesCalicosSelector(string scenario, EntityRule rule, string? ns, string expected)
    {
        Assert.False(string.IsNullOrEmpty(scenario));
        Assert.Equal(expected, SelectorScoping.ForEntityRule(rule, ns));
    }

    [Fact]
    public void ForEntityRule_Null_IsNoConstraint()
    {
        Assert.Equal(string.Empty, SelectorScoping.ForEntityRule(null, "ns"));
    }

    [Theory]
    [InlineData(null, null, "projectcalico.org/namespace == 'ns1'")]
    [InlineData("", null, "projectcalico.org/namespace == 'ns1'")]
    [InlineData("mylabel == 'selectme'", null, "(mylabel == 'selectme') && projectcalico.org/namespace == 'ns1'")]
    [InlineData("mylabel == 'selectme'", "role == 'dev'", "((mylabel == 'selectme') && projectcalico.org/namespace == 'ns1') && pcsa.role == \"dev\"")]
    [InlineData(null, "all()", "(projectcalico.org/namespace == 'ns1') && all()")]
    public void ForNamespacedPolicy_SelectorAndServiceAccountSelector_AreScopedToTheNamespace(string? selector, string? serviceAccountSelector, string expected)
    {
        Assert.Equal(expected, SelectorScoping.ForNamespacedPolicy(selector, "ns1", serviceAccountSelector));
    }

    [Theory]
    [InlineData(null, null, null, "")]
    [InlineData("mylabel == 'selectme'", null, null, "mylabel == 'selectme'")]
    [InlineData("mylabel == 'selectme'", "all()", null, "(mylabel == 'selectme') && has(projectcalico.org/namespace)")]
    [InlineData("mylabel == 'selectme'", null, "all()", "(mylabel == 'selectme') && has(projectcalico.org/serviceaccount)")]
    [InlineData("mylabel == 'selectme'", "name == 'testing'", "role == 'development'", "((mylabel == 'selectme') && pcns.name == \"testing\") && pcsa.role == \"development\"")]
    [InlineData("", null, "role == 'development'", "pcsa.role == \"development\"")]
    [InlineData("", "name == 'testing'", null, "pcns.name == \"testing\"")]
    [InlineData("", "name == 'testing'", "role == 'development'", "(pcns.name == \"testing\") && pcsa.role == \"development\"")]
    [InlineData("all()", "ns == 'y'", null, "(has(projectcalico.org/namespace)) && pcns.ns == \"y\"")]
    public void ForGlobalPolicy_NamespaceAndServiceAccountSelectors_AreAppendedWithPrefixes(string? selector, string? namespaceSelector, string? serviceAccountSelector, string expected)
    {
        Assert.Equal(expected, SelectorScoping.ForGlobalPolicy(selector, namespaceSelector, serviceAccountSelector));
    }

    [Fact]
    public void ForNamespacedPolicy_NoNamespace_Throws()
    {
        Assert.Throws<ArgumentException>(() => SelectorScoping.ForNamespacedPolicy("a == 'b'", string.Empty, null));
    }

    [Fact]
    public void AttachPrefix_Selector_ReturnsCanonicalPrefixedText()
    {
        Assert.Equal("(pcns.a == \"x\" || !has(pcns.b))", SelectorScoping.AttachPrefix("a == 'x' || !has(b)", "pcns."));
    }
}
