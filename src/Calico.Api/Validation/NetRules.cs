using System.Net;
using System.Net.Sockets;
using Calico.Core;

namespace Calico.Api.Validation;

/// <summary>Checks for addresses and networks.</summary>
public static class NetRules
{
    /// <summary>A CIDR or a bare IP (a /32 or /128), as rule nets and network sets accept.</summary>
    public static Cidr? CheckNet(ValidationErrors errors, string path, string? text)
    {
        if (Cidr.TryParseLenient(text, out var cidr))
        {
            return cidr;
        }

        errors.Add(path, $"\"{text}\" is not a valid IP address or CIDR");
        return null;
    }

    public static IPAddress? CheckIp(ValidationErrors errors, string path, string? text)
    {
        if (text is not null && IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            return address;
        }

        errors.Add(path, $"\"{text}\" is not a valid IP address");
        return null;
    }

    public static int VersionOf(Cidr cidr) => cidr.Family == AddressFamily.InterNetwork ? 4 : 6;

    public static bool IsMac(string text) =>
        text.Length == 17 && text.Split(':').All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit));
}
