using Calico.Selectors.Indexing;

namespace Calico.Selectors.Tests.Indexing;

public class LabelIndexTests
{
    private readonly RecordingSink<string, string> _sink = new();
    private readonly LabelIndex<string, string> _index;

    public LabelIndexTests()
    {
        _index = new LabelIndex<string, string>(_sink);
    }

    [Fact]
    public void UpdateSelector_ExistingItems_StartsOnlyMatchingOnes()
    {
        _index.UpdateItem("ep1", Labels("app=web"));
        _index.UpdateItem("ep2", Labels("app=db"));
        _sink.Take();

        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));

        Assert.Equal(["+s/ep1"], _sink.Take());
        Assert.Equal(["ep1"], _index.ItemsMatching("s"));
    }

    [Fact]
    public void UpdateItem_NewMatchingItem_StartsMatch()
    {
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));

        _index.UpdateItem("ep1", Labels("app=web"));

        Assert.Equal(["+s/ep1"], _sink.Take());
        Assert.True(_index.IsMatch("s", "ep1"));
    }

    [Fact]
    public void UpdateItem_LabelChangedAway_StopsMatch()
    {
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _index.UpdateItem("ep1", Labels("app=web"));
        _sink.Take();

        _index.UpdateItem("ep1", Labels("app=db"));

        Assert.Equal(["-s/ep1"], _sink.Take());
        Assert.False(_index.IsMatch("s", "ep1"));
        Assert.Empty(_index.ItemsMatching("s"));
    }

    [Fact]
    public void UpdateItem_LabelChangeSwapsSelectors_ReportsStopBeforeStart()
    {
        _index.UpdateSelector("web", Selector.Parse("app == 'web'"));
        _index.UpdateSelector("db", Selector.Parse("app == 'db'"));
        _index.UpdateItem("ep1", Labels("app=web"));
        _sink.Take();

        _index.UpdateItem("ep1", Labels("app=db"));

        Assert.Equal(["-web/ep1", "+db/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateItem_UnchangedLabelsAndParents_ReportsNothing()
    {
        _index.UpdateSelector("s", Selector.Parse("has(app)"));
        _index.UpdateItem("ep1", Labels("app=web"), ["p"]);
        _sink.Take();

        _index.UpdateItem("ep1", Labels("app=web"), ["p"]);

        Assert.Empty(_sink.Take());
    }

    [Fact]
    public void UpdateItem_NoLabels_MatchesSelectorsThatNeedNoLabel()
    {
        _index.UpdateSelector("all", Selector.All);
        _index.UpdateSelector("ne", Selector.Parse("app != 'web'"));
        _index.UpdateSelector("notin", Selector.Parse("app not in {'web'}"));
        _index.UpdateSelector("absent", Selector.Parse("!has(app)"));
        _index.UpdateSelector("has", Selector.Parse("has(app)"));

        _index.UpdateItem("ep1", Labels(string.Empty));

        Assert.Equal(["+absent/ep1", "+all/ep1", "+ne/ep1", "+notin/ep1"], _sink.Take().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("!all()")]
    [InlineData("a in {}")]
    [InlineData("a == 'x' && a == 'y'")]
    [InlineData("has(a) && !has(a)")]
    public void UpdateSelector_Unsatisfiable_NeverMatchesOrEvaluates(string text)
    {
        _index.UpdateItem("ep1", Labels("a=x"));
        _index.UpdateSelector("s", Selector.Parse(text));
        var before = _index.EvaluationCount;

        _index.UpdateItem("ep1", Labels("a=y"));
        _index.UpdateItem("ep2", Labels(string.Empty));

        Assert.DoesNotContain(_sink.Take(), e => e.Contains("s/", StringComparison.Ordinal));
        Assert.Equal(before, _index.EvaluationCount);
    }

    [Fact]
    public void UpdateSelector_SameCanonicalForm_ReportsNothing()
    {
        _index.UpdateItem("ep1", Labels("app=web"));
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _sink.Take();

        _index.UpdateSelector("s", Selector.Parse("app==\"web\""));

        Assert.Empty(_sink.Take());
    }

    [Fact]
    public void UpdateSelector_ChangedSelector_StopsLostMatchesThenStartsNewOnes()
    {
        _index.UpdateItem("ep1", Labels("app=web"));
        _index.UpdateItem("ep2", Labels("app=web,tier=1"));
        _index.UpdateItem("ep3", Labels("tier=1"));
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _sink.Take();

        _index.UpdateSelector("s", Selector.Parse("tier == '1'"));

        Assert.Equal(["-s/ep1", "+s/ep3"], _sink.Take());
        Assert.Equal(["ep2", "ep3"], _index.ItemsMatching("s").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeleteSelector_WithMatches_StopsEachMatch()
    {
        _index.UpdateItem("ep1", Labels("app=web"));
        _index.UpdateItem("ep2", Labels("app=web"));
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _sink.Take();

        _index.DeleteSelector("s");
        _index.DeleteSelector("s");

        Assert.Equal(["-s/ep1", "-s/ep2"], _sink.Take().Order(StringComparer.Ordinal));
        Assert.Empty(_index.SelectorsMatching("ep1"));
        Assert.Equal(0, _index.SelectorCount);
    }

    [Fact]
    public void DeleteItem_WithMatches_StopsEachMatch()
    {
        _index.UpdateSelector("s1", Selector.Parse("app == 'web'"));
        _index.UpdateSelector("s2", Selector.Parse("has(app)"));
        _index.UpdateItem("ep1", Labels("app=web"));
        _sink.Take();

        _index.DeleteItem("ep1");
        _index.DeleteItem("ep1");

        Assert.Equal(["-s1/ep1", "-s2/ep1"], _sink.Take().Order(StringComparer.Ordinal));
        Assert.Empty(_index.ItemsMatching("s1"));
        Assert.Equal(0, _index.ItemCount);
    }

    [Fact]
    public void UpdateParentLabels_ChildInheritsMatchingLabel_StartsMatch()
    {
        _index.UpdateSelector("s", Selector.Parse("projectcalico.org/namespace == 'prod'"));
        _index.UpdateItem("ep1", Labels("app=web"), ["kns.prod"]);
        Assert.Empty(_sink.Take());

        _index.UpdateParentLabels("kns.prod", Labels("projectcalico.org/namespace=prod"));

        Assert.Equal(["+s/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateItem_ParentLabelsKnownFirst_InheritsThemOnCreation()
    {
        _index.UpdateParentLabels("kns.prod", Labels("projectcalico.org/namespace=prod"));
        _index.UpdateSelector("s", Selector.Parse("projectcalico.org/namespace == 'prod' && app == 'web'"));

        _index.UpdateItem("ep1", Labels("app=web"), ["kns.prod"]);

        Assert.Equal(["+s/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateParentLabels_OwnLabelOverridesParent_ReportsNothing()
    {
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _index.UpdateItem("ep1", Labels("app=web"), ["p"]);
        _sink.Take();

        _index.UpdateParentLabels("p", Labels("app=db"));

        Assert.Empty(_sink.Take());
        Assert.True(_index.IsMatch("s", "ep1"));
    }

    [Fact]
    public void UpdateParentLabels_EarlierParentOverridesLaterOne()
    {
        _index.UpdateSelector("one", Selector.Parse("a == '1'"));
        _index.UpdateSelector("two", Selector.Parse("a == '2'"));
        _index.UpdateParentLabels("p1", Labels("a=1"));
        _index.UpdateParentLabels("p2", Labels("a=2,b=2"));

        _index.UpdateItem("ep", Labels(string.Empty), ["p1", "p2"]);
        Assert.Equal(["+one/ep"], _sink.Take());

        _index.UpdateItem("ep", Labels(string.Empty), ["p2", "p1"]);
        Assert.Equal(["-one/ep", "+two/ep"], _sink.Take());

        _index.DeleteParentLabels("p2");
        Assert.Equal(["-two/ep", "+one/ep"], _sink.Take());
    }

    [Fact]
    public void DeleteParentLabels_InheritedMatch_StopsIt()
    {
        _index.UpdateSelector("s", Selector.Parse("has(team)"));
        _index.UpdateParentLabels("p", Labels("team=blue"));
        _index.UpdateItem("ep1", Labels(string.Empty), ["p"]);
        _index.UpdateItem("ep2", Labels("team=red"), ["p"]);
        _sink.Take();

        _index.DeleteParentLabels("p");

        Assert.Equal(["-s/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateItem_ParentRemovedFromList_StopsInheritedMatch()
    {
        _index.UpdateSelector("s", Selector.Parse("team == 'blue'"));
        _index.UpdateParentLabels("p", Labels("team=blue"));
        _index.UpdateItem("ep1", Labels(string.Empty), ["p"]);
        _sink.Take();

        _index.UpdateItem("ep1", Labels(string.Empty), []);

        Assert.Equal(["-s/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateParentLabels_NoChildren_IsKeptForLaterChildren()
    {
        _index.UpdateSelector("s", Selector.Parse("team == 'blue'"));
        _index.UpdateParentLabels("p", Labels("team=blue"));
        _index.UpdateItem("ep1", Labels(string.Empty), ["p"]);
        _index.DeleteItem("ep1");
        _sink.Take();

        _index.UpdateItem("ep2", Labels(string.Empty), ["p"]);

        Assert.Equal(["+s/ep2"], _sink.Take());
    }

    [Fact]
    public void SelectorsMatching_Item_ListsCurrentMatches()
    {
        _index.UpdateSelector("s1", Selector.Parse("app == 'web'"));
        _index.UpdateSelector("s2", Selector.Parse("app == 'db'"));
        _index.UpdateSelector("s3", Selector.Parse("has(app)"));
        _index.UpdateItem("ep1", Labels("app=web"));

        Assert.Equal(["s1", "s3"], _index.SelectorsMatching("ep1").Order(StringComparer.Ordinal));
        Assert.Empty(_index.SelectorsMatching("unknown"));
        Assert.Empty(_index.ItemsMatching("unknown"));
        Assert.False(_index.IsMatch("s2", "ep1"));
        Assert.False(_index.IsMatch("unknown", "ep1"));
    }

    [Fact]
    public void UpdateItem_SinkModifiesIndexInCallback_Throws()
    {
        _index.UpdateSelector("s", Selector.All);
        _sink.OnEvent = (_, _, _) => _index.UpdateItem("other", Labels(string.Empty));

        Assert.Throws<InvalidOperationException>(() => _index.UpdateItem("ep1", Labels(string.Empty)));
    }

    [Fact]
    public void UpdateItem_SinkQueriesIndexInCallback_SeesTheNewMatch()
    {
        _index.UpdateSelector("s", Selector.Parse("has(app)"));
        var seen = new List<bool>();
        _sink.OnEvent = (started, selector, item) => seen.Add(started == _index.IsMatch(selector, item));

        _index.UpdateItem("ep1", Labels("app=x"));
        _index.DeleteItem("ep1");

        Assert.Equal([true, true], seen);
    }

    [Fact]
    public void UpdateItem_CallerMutatesLabelsAfterwards_IndexKeepsItsCopy()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        _index.UpdateSelector("s", Selector.Parse("app == 'web'"));
        _index.UpdateItem("ep1", labels);
        labels["app"] = "db";
        _sink.Take();

        _index.UpdateItem("ep1", labels);

        Assert.Equal(["-s/ep1"], _sink.Take());
    }

    [Fact]
    public void UpdateItem_OneLabelChangeAmongManySelectors_EvaluatesOnlyCandidates()
    {
        for (var i = 0; i < 1000; i++)
        {
            _index.UpdateSelector($"s{i}", Selector.Parse($"app == 'a{i}'"));
            _index.UpdateItem($"ep{i}", Labels($"app=a{i}"));
        }

        _index.UpdateSelector("unindexed", Selector.Parse("env != 'prod'"));
        var before = _index.EvaluationCount;

        _index.UpdateItem("ep5", Labels("app=a6"));

        // The old match (s5), the new candidate (s6) and the unindexed selector; not all 1001.
        Assert.InRange(_index.EvaluationCount - before, 1, 4);
        Assert.True(_index.IsMatch("s6", "ep5"));
    }

    [Fact]
    public void UpdateSelector_RequiredValue_EvaluatesOnlyItemsWithThatValue()
    {
        for (var i = 0; i < 1000; i++)
        {
            _index.UpdateItem($"ep{i}", Labels($"app=a{i % 100},projectcalico.org/namespace=ns{i % 10}"));
        }

        var before = _index.EvaluationCount;

        _index.UpdateSelector("s", Selector.Parse("projectcalico.org/namespace == 'ns7' && app == 'a17'"));

        // 10 items have app=a17 and 100 have ns7: the index scans the smaller group.
        Assert.Equal(10, _index.EvaluationCount - before);
        Assert.Equal(10, _index.ItemsMatching("s").Count());
    }

    private static Dictionary<string, string> Labels(string text) => SelectorCases.ParseLabels(text);
}
