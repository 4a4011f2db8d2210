namespace Calico.Nftables.Tests.Reconcile;

public sealed class DeltaTrackerTests
{
    [Fact]
    public void ReplaceDataplane_LeavingWrittenKeysAlone_OthersTakeTheListingAndWrittenOnesKeepTheirRecord()
    {
        var tracker = new DeltaTracker<string, int>();
        foreach (var key in new[] { "same", "changed", "gone", "written-gone", "written-changed" })
        {
            tracker.SetDesired(key, 1);
            tracker.SetDataplane(key, 1);
        }

        var listed = new Dictionary<string, int> { ["same"] = 1, ["changed"] = 2, ["stray"] = 1, ["written-changed"] = 2 };
        tracker.ReplaceDataplane(listed, key => key.StartsWith("written", StringComparison.Ordinal));

        Assert.Equal(["changed", "gone"], tracker.PendingUpdates.Order(StringComparer.Ordinal));
        Assert.Equal(["stray"], tracker.PendingDeletions);
        Assert.Equal(1, tracker.Dataplane["written-changed"]);
        Assert.True(tracker.Dataplane.ContainsKey("written-gone"));
    }

    [Fact]
    public void SetDesired_NotProgrammed_PendingUpdate()
    {
        var tracker = new DeltaTracker<string, int>();

        tracker.SetDesired("a", 1);

        Assert.Equal(["a"], tracker.PendingUpdates);
        Assert.Empty(tracker.PendingDeletions);
    }

    [Fact]
    public void SetDataplane_SameValue_InSync()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("a", 1);

        tracker.SetDataplane("a", 1);

        Assert.True(tracker.InSync);
    }

    [Fact]
    public void SetDesired_DifferentValue_PendingAgain()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("a", 1);
        tracker.SetDataplane("a", 1);

        tracker.SetDesired("a", 2);

        Assert.Equal(["a"], tracker.PendingUpdates);
    }

    [Fact]
    public void DeleteDesired_Programmed_PendingDeletion()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("a", 1);
        tracker.SetDataplane("a", 1);

        tracker.DeleteDesired("a");

        Assert.Empty(tracker.PendingUpdates);
        Assert.Equal(["a"], tracker.PendingDeletions);
        tracker.DeleteDataplane("a");
        Assert.True(tracker.InSync);
    }

    [Fact]
    public void DeleteDesired_NeverProgrammed_NothingPending()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("a", 1);

        tracker.DeleteDesired("a");

        Assert.True(tracker.InSync);
    }

    [Fact]
    public void ReplaceDataplane_ExtraMissingAndChanged_AllPending()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("same", 1);
        tracker.SetDesired("changed", 1);
        tracker.SetDesired("missing", 1);

        tracker.ReplaceDataplane([KeyValuePair.Create("same", 1), KeyValuePair.Create("changed", 2), KeyValuePair.Create("extra", 1)]);

        Assert.Equal(["changed", "missing"], tracker.PendingUpdates.Order());
        Assert.Equal(["extra"], tracker.PendingDeletions);
    }

    [Fact]
    public void ReplaceDataplane_SameContents_KeepsTheRecordedInstances()
    {
        var tracker = new DeltaTracker<string, string>();
        var recorded = new string('x', 3);
        tracker.SetDesired("a", "xxx");
        tracker.SetDataplane("a", recorded);
        tracker.SetDesired("b", "yyy");

        tracker.ReplaceDataplane([KeyValuePair.Create("a", new string('x', 3))]);

        Assert.Same(recorded, tracker.Dataplane["a"]);
        Assert.Equal(["b"], tracker.PendingUpdates);
        Assert.Empty(tracker.PendingDeletions);
    }

    [Fact]
    public void ReplaceDataplane_SameCountDifferentContents_Replaced()
    {
        var tracker = new DeltaTracker<string, int>();
        tracker.SetDesired("a", 1);
        tracker.SetDataplane("a", 1);

        tracker.ReplaceDataplane([KeyValuePair.Create("b", 1)]);

        Assert.Equal(["a"], tracker.PendingUpdates);
        Assert.Equal(["b"], tracker.PendingDeletions);
        Assert.False(tracker.Dataplane.ContainsKey("a"));
    }

    [Fact]
    public void PendingUpdates_LargeSetOneChange_OnlyTheChange()
    {
        var tracker = new DeltaTracker<int, bool>();
        for (var i = 0; i < 10_000; i++)
        {
            tracker.SetDesired(i, true);
            tracker.SetDataplane(i, true);
        }

        tracker.SetDesired(10_000, true);

        Assert.Equal([10_000], tracker.PendingUpdates);
    }
}
