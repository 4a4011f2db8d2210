using System.Buffers;
using System.Text;

namespace Calico.Nftables.Tests.Reconcile;

/// <summary>The script written as UTF-8 chunks is byte for byte the text the driver used to build as one string.</summary>
public sealed class NftScriptTests
{
    [Fact]
    public void Utf8_ManyChunks_SameAsTheTextBuiltAsOneString()
    {
        var script = new NftScript(TableName.Calico);
        var expected = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            var command = $"add rule inet calico cali-pi-p{i} ip saddr @cali40s-s{i} tcp dport {i} accept comment \"cali:{i:D16} Policy ns/pol-{i}\"";
            script.Add(command, $"rule {i}");
            expected.Append(command).Append('\n');
            var elements = Enumerable.Range(0, i % 50).Select(j => $"10.{i % 256}.{j}.1").ToArray();
            script.AddElements("add", "cali40s-web", elements, $"elements {i}");
            expected.Append("add element inet calico cali40s-web { ").AppendJoin(", ", elements).Append(" }\n");
        }

        var bytes = script.Utf8;

        Assert.False(bytes.IsSingleSegment);
        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), bytes.ToArray());
        Assert.Equal(bytes.Length, script.Length);
        Assert.Equal(expected.ToString(), script.Text);
        Assert.Equal(10_000, script.LineCount);
        Assert.Equal("elements 4999", script.OriginOf(10_000));
    }

    [Fact]
    public void Utf8_MultiByteCharactersAcrossChunkBoundaries_EncodedWhole()
    {
        var script = new NftScript(TableName.Calico);
        var expected = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            // 1-, 2-, 3- and 4-byte characters (a surrogate pair), so some land on every offset of a chunk's end.
            var command = $"add rule inet calico c{i} accept comment \"cali:ID é€😀 {i}\"";
            script.Add(command, "rule");
            expected.Append(command).Append('\n');
        }

        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), script.Utf8.ToArray());
        Assert.Equal(expected.ToString(), script.Text);
    }

    [Fact]
    public void Utf8_Empty_NoBytes()
    {
        var script = new NftScript(TableName.Calico);

        Assert.True(script.IsEmpty);
        Assert.Equal(0, script.Utf8.Length);
        Assert.Equal(string.Empty, script.Text);
    }
}
