using System.Net;
using Calico.Netlink.Protocol;

namespace Calico.Netlink.Tests.Protocol;

public sealed class MessageRoundTripTests
{
    [Fact]
    public void Writer_NestedAttributes_ReaderSeesSameValuesAndAlignment()
    {
        var w = new MessageWriter(stackalloc byte[16]);
        w.Begin(MessageType.NewLink, MessageFlags.Create);
        w.WriteStruct(new IfInfoMsg { Index = 7 });
        w.AddString(LinkAttribute.IfName, "cali1");
        var info = w.BeginNested(LinkAttribute.LinkInfo);
        w.AddString(LinkAttribute.InfoKind, "vxlan");
        var data = w.BeginNested(LinkAttribute.InfoData);
        w.AddUInt16BigEndian(VxlanAttribute.Port, 4789);
        w.AddAddress(VxlanAttribute.Local, IPAddress.Parse("198.18.0.1"));
        w.EndNested(data);
        w.EndNested(info);
        w.AddUInt32(LinkAttribute.Mtu, 1450);
        var bytes = w.Complete().ToArray();

        Assert.Equal(0, bytes.Length % 4);
        Assert.Equal((uint)bytes.Length, BitConverter.ToUInt32(bytes, 0));
        var message = new NetlinkMessage(MessageType.NewLink, MessageFlags.None, bytes.AsSpan(NetlinkHeader.Size));
        Assert.Equal(7, message.Read<IfInfoMsg>().Index);
        var seen = new List<string>();
        foreach (var attribute in message.Attributes<IfInfoMsg>())
        {
            switch (attribute.Type)
            {
                case LinkAttribute.IfName: seen.Add($"name={attribute.AsString()}"); break;
                case LinkAttribute.Mtu: seen.Add($"mtu={attribute.AsUInt32()}"); break;
                case LinkAttribute.LinkInfo:
                    foreach (var inner in attribute.Nested())
                    {
                        if (inner.Type == LinkAttribute.InfoKind)
                        {
                            seen.Add($"kind={inner.AsString()}");
                        }
                        else
                        {
                            foreach (var vxlan in inner.Nested())
                            {
                                seen.Add(vxlan.Type == VxlanAttribute.Port ? $"port={vxlan.AsUInt16BigEndian()}" : $"local={vxlan.AsAddress()}");
                            }
                        }
                    }

                    break;
                default: seen.Add($"unexpected {attribute.Type}"); break;
            }
        }

        Assert.Equal(["name=cali1", "kind=vxlan", "port=4789", "local=198.18.0.1", "mtu=1450"], seen);
    }

    [Fact]
    public void Reader_TruncatedAttribute_StopsWithoutThrowing()
    {
        byte[] bytes = [8, 0, 3, 0, (byte)'a', 0, 0, 0, 200, 0, 4, 0];
        var count = 0;
        foreach (var attribute in new AttributeReader(bytes))
        {
            Assert.Equal("a", attribute.AsString());
            count++;
        }

        Assert.Equal(1, count);
    }
}
