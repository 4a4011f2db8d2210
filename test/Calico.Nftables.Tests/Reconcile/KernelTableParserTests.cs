namespace Calico.Nftables.Tests.Reconcile;

public sealed class KernelTableParserTests
{
    private static readonly KernelTable Kernel = KernelTableParser.Parse(KernelTableParserTestsData.Captured, TableName.Calico);

    [Fact]
    public void Parse_Table_Exists() => Assert.True(Kernel.Exists);

    [Fact]
    public void Parse_Utf8Bytes_SameTableAsTheString()
    {
        var fromBytes = KernelTableParser.Parse(System.Text.Encoding.UTF8.GetBytes(KernelTableParserTestsData.Captured), TableName.Calico);

        Assert.Equal(Kernel.Exists, fromBytes.Exists);
        Assert.Equal(Kernel.RuleCount, fromBytes.RuleCount);
        Assert.Equal(Kernel.Chains.Keys.Order(), fromBytes.Chains.Keys.Order());
        Assert.All(Kernel.Chains, c => Assert.Equal(c.Value, fromBytes.Chains[c.Key]));
        Assert.Equal(Kernel.Sets.OrderBy(s => s.Key), fromBytes.Sets.OrderBy(s => s.Key));
        Assert.All(Kernel.Members, m => Assert.Equal(m.Value.OrderBy(e => e.Key.Text), fromBytes.Members[m.Key].OrderBy(e => e.Key.Text)));
        Assert.Equal(Kernel.ForeignObjects, fromBytes.ForeignObjects);
    }

    [Fact]
    public void Parse_WithMembersCallback_EachSetOnceAndNoneKept()
    {
        var handed = new Dictionary<SetName, Dictionary<SetElement, Verdict?>>();

        var streamed = KernelTableParser.Parse(System.Text.Encoding.UTF8.GetBytes(KernelTableParserTestsData.Captured), TableName.Calico, (name, members) => handed.Add(name, members));

        Assert.Empty(streamed.Members);
        Assert.Equal(Kernel.Members.Keys.Order(), handed.Keys.Order());
        Assert.All(Kernel.Members, m => Assert.Equal(m.Value.OrderBy(e => e.Key.Text), handed[m.Key].OrderBy(e => e.Key.Text)));
    }

    [Fact]
    public void Parse_BaseChain_SpecWithNegativePriorityAndPolicy()
    {
        var chain = Kernel.Chains["cali-INPUT"];

        Assert.Equal(new BaseChainSpec(ChainType.Filter, ChainHook.Input, -10, ChainPolicy.Drop), chain.Base);
        Assert.Null(Kernel.Chains["cali-fw-cali123x"].Base);
    }

    [Fact]
    public void Parse_Rules_IdentitiesFromCommentsAndForeignOtherwise()
    {
        var ids = Kernel.Chains["cali-INPUT"].RuleIds;

        Assert.Equal(["AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB", "foreign:11"], ids);
        Assert.Equal(4, Kernel.RuleCount);
    }

    [Fact]
    public void Parse_Rules_ReferencesFromNamedAndAnonymousMaps()
    {
        Assert.Equal(["disp", "np", "s4"], Kernel.Chains["cali-INPUT"].SetReferences.Select(s => s.Value).Order());
        Assert.Equal(["cali-fw-cali123x"], Kernel.Chains["cali-fw-cali123"].ChainReferences.Select(c => c.Value));
    }

    [Fact]
    public void Parse_IntervalSet_AddressPrefixAndRange()
    {
        Assert.Equal(new SetDefinition(SetKeyType.Ipv4Address, Interval: true, IsMap: false), Kernel.Sets["s4"]);
        Assert.Equal(["10.0.0.1", "10.1.0.0/16", "10.2.0.1-10.2.0.5"], Kernel.Members["s4"].Keys.Select(k => k.Text).Order());
        Assert.Contains(Infrastructure.Samples.Net("10.1.0.0/16"), Kernel.Members["s4"].Keys);
    }

    [Fact]
    public void Parse_ConcatenatedSet_ElementsEqualFactoryElements()
    {
        Assert.Equal(SetKeyType.Ipv4AddressProtocolPort, Kernel.Sets["np"].KeyType);
        Assert.Contains(Infrastructure.Samples.Http("10.0.0.1"), Kernel.Members["np"].Keys);
        Assert.Contains("10.0.0.2 . 17 . 53", Kernel.Members["np"].Keys.Select(k => k.Text));
    }

    [Fact]
    public void Parse_VerdictMap_KeysAndVerdicts()
    {
        var map = Kernel.Members["disp"];

        Assert.True(Kernel.Sets["disp"].IsMap);
        Assert.Equal(Verdict.Jump("cali-fw-cali123"), map[SetElement.InterfaceName("cali123")]);
        Assert.Equal(Verdict.Drop, map[SetElement.InterfaceName("cali9")]);
    }

    [Fact]
    public void Parse_SetWithTimeoutFlag_IsForeign() => Assert.True(Kernel.Sets["t"].IsForeign);

    [Fact]
    public void Parse_Counter_IsAForeignObjectToDelete() => Assert.Equal(["counter c1"], Kernel.ForeignObjects);

    [Fact]
    public void Parse_OtherTable_Ignored()
    {
        var other = KernelTableParser.Parse(KernelTableParserTestsData.Captured, "other");

        Assert.False(other.Exists);
        Assert.Empty(other.Chains);
    }
}
