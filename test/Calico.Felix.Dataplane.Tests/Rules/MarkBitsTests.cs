using Calico.Felix.Dataplane.Rules;

namespace Calico.Felix.Dataplane.Tests.Rules;

public sealed class MarkBitsTests
{
    [Fact]
    public void Calico_Defaults_AcceptPassAndMaskOfCalicoFeatures()
    {
        Assert.Equal((0x10000u, 0x20000u, 0xffff0000u), (MarkBits.Calico.Accept, MarkBits.Calico.Pass, MarkBits.Calico.Mask));
    }

    [Fact]
    public void Expressions_AcceptBit_NftMarkArithmetic()
    {
        var marks = MarkBits.Calico;

        Assert.Equal("meta mark set meta mark | 0x00010000", marks.Set(marks.Accept));
        Assert.Equal("meta mark set meta mark & 0xfffcffff", marks.Clear(marks.Accept | marks.Pass));
        Assert.Equal("meta mark & 0x00010000 == 0x00010000", marks.IsSet(marks.Accept));
        Assert.Equal("meta mark & 0x00020000 == 0", marks.IsClear(marks.Pass));
    }

    [Theory]
    [InlineData(0x10000u, 0x10000u, 0xffff0000u)]
    [InlineData(0x30000u, 0x40000u, 0xffff0000u)]
    [InlineData(0x1u, 0x2u, 0xffff0000u)]
    public void Constructor_OverlappingMultiBitOrOutsideMask_Throws(uint accept, uint pass, uint mask)
    {
        Assert.Throws<ArgumentException>(() => new MarkBits(accept, pass, mask));
    }
}
