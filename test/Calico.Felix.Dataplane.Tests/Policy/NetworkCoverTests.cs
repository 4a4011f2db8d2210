using Calico.Core;
using Calico.Felix.Dataplane.Policy;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Policy;

public sealed class NetworkCoverTests
{
    [Fact]
    public void Reset_NestedNetworks_OnlyTheOutermostKept()
    {
        var cover = new NetworkCover();

        cover.Reset([Net("10.1.2.3/32"), Net("10.0.0.0/8"), Net("10.1.0.0/16"), Net("192.168.0.0/24"), Net("192.168.1.0/24")]);

        Assert.Equal(["10.0.0.0/8", "192.168.0.0/24", "192.168.1.0/24"], Texts(cover.Cover));
        Assert.Equal(5, cover.Count);
    }

    [Fact]
    public void Apply_HostAddressesOnly_DeltaPassesThrough()
    {
        var cover = new NetworkCover();
        cover.Reset([Net("10.0.0.1/32"), Net("10.0.0.2/32")]);
        var added = new List<Cidr>();
        var removed = new List<Cidr>();

        cover.Apply([Net("10.0.0.3/32")], [Net("10.0.0.1/32"), Net("10.9.9.9/32")], added, removed);

        Assert.Equal(["10.0.0.3/32"], Texts(added));
        Assert.Equal(["10.0.0.1/32"], Texts(removed));
    }

    [Fact]
    public void Apply_CoveringNetworkAddedThenRemoved_CoveredAddressesHiddenThenRestored()
    {
        var cover = new NetworkCover();
        cover.Reset([Net("10.1.0.1/32"), Net("10.1.0.2/32"), Net("10.2.0.1/32")]);
        var added = new List<Cidr>();
        var removed = new List<Cidr>();

        cover.Apply([Net("10.1.0.0/16")], [], added, removed);

        Assert.Equal(["10.1.0.0/16"], Texts(added));
        Assert.Equal(["10.1.0.1/32", "10.1.0.2/32"], Texts(removed));

        added.Clear();
        removed.Clear();
        cover.Apply([], [Net("10.1.0.0/16")], added, removed);

        Assert.Equal(["10.1.0.1/32", "10.1.0.2/32"], Texts(added));
        Assert.Equal(["10.1.0.0/16"], Texts(removed));
        Assert.Equal(["10.1.0.1/32", "10.1.0.2/32", "10.2.0.1/32"], Texts(cover.Cover));
    }

    [Fact]
    public void Apply_PrefixThenAddressesWhileItCoversThem_CoverFollowsAndEndsAsTheMembers()
    {
        var cover = new NetworkCover();
        cover.Reset([Net("10.1.0.1/32")]);
        var added = new List<Cidr>();
        var removed = new List<Cidr>();

        cover.Apply([Net("10.1.0.0/16"), Net("10.1.0.2/32"), Net("10.3.0.1/32")], [Net("10.1.0.1/32")], added, removed);
        Assert.Equal(["10.1.0.0/16", "10.3.0.1/32"], Texts(added));
        Assert.Equal(["10.1.0.1/32"], Texts(removed));

        added.Clear();
        removed.Clear();
        cover.Apply([Net("10.1.0.3/32")], [Net("10.1.0.0/16"), Net("10.3.0.1/32")], added, removed);
        Assert.Equal(["10.1.0.2/32", "10.1.0.3/32"], Texts(added));
        Assert.Equal(["10.1.0.0/16", "10.3.0.1/32"], Texts(removed));
        Assert.Equal(["10.1.0.2/32", "10.1.0.3/32"], Texts(cover.Cover));

        added.Clear();
        removed.Clear();
        cover.Apply([Net("10.1.0.4/32")], [Net("10.1.0.2/32")], added, removed);
        Assert.Equal(["10.1.0.4/32"], Texts(added));
        Assert.Equal(["10.1.0.2/32"], Texts(removed));
        Assert.Equal(["10.1.0.3/32", "10.1.0.4/32"], Texts(cover.Cover));
        Assert.Equal(2, cover.Count);
    }

    private static List<string> Texts(IEnumerable<Cidr> cidrs) => [.. cidrs.Select(c => c.ToString()).Order(StringComparer.Ordinal)];
}
