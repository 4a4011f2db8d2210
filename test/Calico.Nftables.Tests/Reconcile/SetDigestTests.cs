using System.Net;

namespace Calico.Nftables.Tests.Reconcile;

public sealed class SetDigestTests
{
    private static readonly SetElement s_a = SetElement.Address(IPAddress.Parse("10.65.0.1"));
    private static readonly SetElement s_b = SetElement.Address(IPAddress.Parse("10.65.0.2"));
    private static readonly SetElement s_c = SetElement.Address(IPAddress.Parse("10.65.0.3"));

    [Fact]
    public void Of_SameElementsInAnotherOrder_SameDigest() =>
        Assert.Equal(Digest((s_a, null), (s_b, null), (s_c, null)), Digest((s_c, null), (s_a, null), (s_b, null)));

    [Fact]
    public void Of_OneElementReplacedOrMissing_DifferentDigest()
    {
        var programmed = Digest((s_a, null), (s_b, null));

        Assert.NotEqual(programmed, Digest((s_a, null), (s_c, null)));
        Assert.NotEqual(programmed, Digest((s_a, null)));
        Assert.NotEqual(SetDigest.Empty, Digest((s_a, null)));
        Assert.Equal(SetDigest.Empty, Digest());
    }

    [Fact]
    public void Of_MapValueChanged_DifferentDigest()
    {
        var iface = SetElement.InterfaceName("cali1");

        Assert.NotEqual(Digest((iface, Verdict.Jump("cali-fw-cali1"))), Digest((iface, Verdict.Jump("cali-fw-cali2"))));
        Assert.NotEqual(Digest((iface, Verdict.Drop)), Digest((iface, null)));
    }

    private static SetDigest Digest(params (SetElement Element, Verdict? Verdict)[] contents) =>
        SetDigest.Of(contents.Select(c => KeyValuePair.Create(c.Element, c.Verdict)));
}
