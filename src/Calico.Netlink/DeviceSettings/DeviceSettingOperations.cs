using System.Globalization;
using System.Text;
using Calico.Netlink.Links;
using Calico.Netlink.Protocol;

namespace Calico.Netlink.DeviceSettings;

/// <summary><see cref="IDeviceSettings"/>: IPv4 through rtnetlink, IPv6 through /proc/sys on a namespace thread.</summary>
internal sealed class DeviceSettingOperations(NetlinkConnection connection, LinkOperations links, NetworkNamespace ns) : IDeviceSettings
{
    public void SetIPv4(LinkIndex link, params ReadOnlySpan<IPv4Setting> settings)
    {
        if (settings.IsEmpty)
        {
            return;
        }

        var w = new MessageWriter(stackalloc byte[128]);
        w.Begin(MessageType.SetLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = link.Value });
        var afSpec = w.BeginNested(LinkAttribute.AfSpec);
        var inet = w.BeginNested(AddressFamilies.Inet);
        var conf = w.BeginNested(LinkAttribute.InetConf);
        var text = new StringBuilder();
        foreach (var setting in settings)
        {
            w.AddUInt32((ushort)setting.Setting, (uint)setting.Value);
            text.Append(CultureInfo.InvariantCulture, $"{(text.Length > 0 ? ", " : string.Empty)}{setting.Setting}={setting.Value}");
        }

        w.EndNested(conf);
        w.EndNested(inet);
        w.EndNested(afSpec);
        var described = text.ToString();
        connection.Execute(w.Complete(), () => $"set ipv4 {described} on {links.Describe(link)}");
    }

    public int GetIPv4(LinkIndex link, IPv4DeviceSetting setting)
    {
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.GetLink, MessageFlags.None);
        w.WriteStruct(new IfInfoMsg { Index = link.Value });
        var values = connection.Get<uint[]>(w.Complete(), TryParseInetConf, () => $"get ipv4 settings of dev #{link}")
            ?? throw new NetlinkException($"get ipv4 settings of dev #{link}", Errno.ENODEV);
        var index = (int)setting - 1;
        return index >= 0 && index < values.Length
            ? (int)values[index]
            : throw new NetlinkException($"get ipv4 {setting} of {links.Describe(link)} (not reported by this kernel)", Errno.EOPNOTSUPP);
    }

    public void SetIPv6(LinkName link, IPv6DeviceSetting setting, int value)
    {
        var path = ProcPath(link, setting);
        var bytes = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture) + "\n");
        try
        {
            ns.Run(() =>
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
                RandomAccess.Write(handle, bytes, 0);
            });
        }
        catch (IOException e)
        {
            throw Translate(e, $"set {path}={value} in {ns}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw Translate(e, $"set {path}={value} in {ns}");
        }
    }

    public int GetIPv6(LinkName link, IPv6DeviceSetting setting)
    {
        var path = ProcPath(link, setting);
        string text;
        try
        {
            text = ns.Run(() => File.ReadAllText(path));
        }
        catch (IOException e)
        {
            throw Translate(e, $"read {path} in {ns}");
        }

        return int.Parse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static string ProcPath(LinkName link, IPv6DeviceSetting setting) => $"/proc/sys/net/ipv6/conf/{link.Value}/{setting switch
    {
        IPv6DeviceSetting.AcceptRa => "accept_ra",
        IPv6DeviceSetting.Forwarding => "forwarding",
        IPv6DeviceSetting.DisableIPv6 => "disable_ipv6",
        IPv6DeviceSetting.AcceptDad => "accept_dad",
        IPv6DeviceSetting.ProxyNdp => "proxy_ndp",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    }}";

    private static NetlinkException Translate(Exception e, string operation) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new NetlinkException($"{operation} (no such interface, or IPv6 is disabled)", Errno.ENOENT),
        UnauthorizedAccessException => new NetlinkException(operation, Errno.EACCES),
        _ => new NetlinkException($"{operation} ({e.Message})", Errno.EIO),
    };

    /// <summary>IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF is an array of u32, entry i holding devconf id i + 1.</summary>
    private static bool TryParseInetConf(in NetlinkMessage message, out uint[] values)
    {
        values = [];
        if (message.Type != MessageType.NewLink)
        {
            return false;
        }

        foreach (var attribute in message.Attributes<IfInfoMsg>())
        {
            if (attribute.Type != LinkAttribute.AfSpec)
            {
                continue;
            }

            foreach (var family in attribute.Nested())
            {
                if (family.Type != AddressFamilies.Inet)
                {
                    continue;
                }

                foreach (var conf in family.Nested())
                {
                    if (conf.Type == LinkAttribute.InetConf)
                    {
                        values = new uint[conf.Value.Length / 4];
                        for (var i = 0; i < values.Length; i++)
                        {
                            values[i] = NativeEndian.ReadUInt32(conf.Value[(i * 4)..]);
                        }

                        return true;
                    }
                }
            }
        }

        return false;
    }
}
