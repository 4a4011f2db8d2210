using System.Net;
using System.Text.RegularExpressions;
using Calico.Core;
using Calico.Node.Configuration;

namespace Calico.Node.Startup;

/// <summary>
/// IP_AUTODETECTION_METHOD, parsed, and the pure choice it makes over a list of interfaces. Interface regexes are
/// matched anywhere in the name (as Go's MatchString): anchor them with ^ and $ to match whole names.
/// </summary>
public sealed partial record AutodetectionMethod
{
    /// <summary>The environment variable this is read from.</summary>
    public const string Variable = "IP_AUTODETECTION_METHOD";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Calico's interfaces never to pick for first-found and skip-interface (its Linux list).</summary>
    public static IReadOnlyList<string> DefaultExcludedInterfaces { get; } =
    [
        "^docker.*", "^cbr.*", "^dummy.*", "^podman.*", "^virbr.*", "^lxcbr.*", "^veth.*", "^lo",
        "^cali.*", "^tunl.*", "^flannel.*", "^kube-ipvs.*", "^cni.*",
        @"^vxlan\.calico.*", @"^vxlan-v6\.calico.*", @"^wireguard\.cali.*", @"^wg-v6\.cali.*",
    ];

    /// <summary>first-found.</summary>
    public static AutodetectionMethod FirstFound { get; } = new() { Kind = AutodetectionMethodKind.FirstFound, Text = "first-found" };

    public required AutodetectionMethodKind Kind { get; init; }

    /// <summary>The value as given (first-found when unset).</summary>
    public required string Text { get; init; }

    /// <summary>The regexes of interface= and skip-interface=.</summary>
    public IReadOnlyList<string> InterfacePatterns { get; init; } = [];

    /// <summary>The CIDRs of cidr=.</summary>
    public IReadOnlyList<Cidr> Cidrs { get; init; } = [];

    /// <summary>The destination (an IP address or a host name) of can-reach=.</summary>
    public string? Destination { get; init; }

    /// <summary>Parses IP_AUTODETECTION_METHOD; null or empty is first-found.</summary>
    /// <exception cref="NodeConfigurationException">An unknown method, a bad regex or CIDR, or a missing argument.</exception>
    public static AutodetectionMethod Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || string.Equals(text, "first-found", StringComparison.Ordinal))
        {
            return FirstFound;
        }

        if (TryArgument(text, "interface=", out var argument))
        {
            return new AutodetectionMethod { Kind = AutodetectionMethodKind.Interface, Text = text, InterfacePatterns = Patterns(text, argument) };
        }

        if (TryArgument(text, "skip-interface=", out argument))
        {
            return new AutodetectionMethod { Kind = AutodetectionMethodKind.SkipInterface, Text = text, InterfacePatterns = Patterns(text, argument) };
        }

        if (TryArgument(text, "cidr=", out argument))
        {
            var cidrs = new List<Cidr>();
            foreach (var item in Split(text, argument, "CIDR"))
            {
                if (!item.Contains('/', StringComparison.Ordinal) || !Cidr.TryParseLenient(item, out var cidr) || !cidr.IsIPv4)
                {
                    throw Invalid(text, $"\"{item}\" is not an IPv4 CIDR (e.g. 198.18.0.0/16)");
                }

                cidrs.Add(cidr);
            }

            return new AutodetectionMethod { Kind = AutodetectionMethodKind.Cidr, Text = text, Cidrs = cidrs };
        }

        if (TryArgument(text, "can-reach=", out argument))
        {
            argument = argument.Trim();
            if (argument.Length == 0 || argument.Any(char.IsWhiteSpace))
            {
                throw Invalid(text, "can-reach= needs one destination, an IP address or a host name");
            }

            if (IPAddress.TryParse(argument, out var address) && address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw Invalid(text, $"{argument} is not an IPv4 address");
            }

            return new AutodetectionMethod { Kind = AutodetectionMethodKind.CanReach, Text = text, Destination = argument };
        }

        if (text.StartsWith("kubernetes-internal-ip", StringComparison.Ordinal))
        {
            throw Invalid(text, "kubernetes-internal-ip needs the Kubernetes API, which this calico-node does not use");
        }

        throw Invalid(text, "the method is not one of first-found, interface=REGEX[,REGEX...], skip-interface=REGEX[,REGEX...], can-reach=DESTINATION, cidr=CIDR[,CIDR...]");
    }

    /// <summary>
    /// Chooses this node's address from <paramref name="interfaces"/>, in their order (the autodetector lists them as
    /// Calico does: highest interface index first). For can-reach, <paramref name="reachSource"/> is the source
    /// address the kernel chose; the result is that address with the prefix of the interface holding it.
    /// </summary>
    /// <exception cref="NodeRegistrationException">Nothing matches; the message names the variable, the value and the interfaces seen.</exception>
    public DetectedAddress Choose(IReadOnlyList<HostInterface> interfaces, IPAddress? reachSource = null)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        if (Kind == AutodetectionMethodKind.CanReach)
        {
            ArgumentNullException.ThrowIfNull(reachSource);
            foreach (var candidate in interfaces)
            {
                foreach (var address in candidate.Addresses)
                {
                    if (address.Address.Equals(reachSource))
                    {
                        return new DetectedAddress(candidate.Name, address);
                    }
                }
            }

            throw Failed($"the source address {reachSource} the kernel picks to reach {Destination} is on no interface{Seen(interfaces)}");
        }

        var include = Kind == AutodetectionMethodKind.Interface ? Compile(InterfacePatterns) : null;
        var exclude = Kind switch
        {
            AutodetectionMethodKind.FirstFound => Compile(DefaultExcludedInterfaces),
            AutodetectionMethodKind.SkipInterface => Compile([.. DefaultExcludedInterfaces, .. InterfacePatterns]),
            _ => [],
        };
        foreach (var candidate in interfaces)
        {
            if ((include is not null && !include.Any(r => r.IsMatch(candidate.Name))) || exclude.Any(r => r.IsMatch(candidate.Name)))
            {
                continue;
            }

            foreach (var address in candidate.Addresses)
            {
                if (address.IsGlobalUnicast && (Cidrs.Count == 0 || Cidrs.Any(c => c.Contains(address.Address))))
                {
                    return new DetectedAddress(candidate.Name, address);
                }
            }
        }

        var where = Kind switch
        {
            AutodetectionMethodKind.Interface => $"on interfaces matching {string.Join(", ", InterfacePatterns)}",
            AutodetectionMethodKind.SkipInterface => $"on interfaces other than {string.Join(", ", InterfacePatterns)} and Calico's default exclusions",
            AutodetectionMethodKind.Cidr => $"inside {string.Join(", ", Cidrs)}",
            _ => "on interfaces other than Calico's default exclusions (docker*, cbr*, dummy*, podman*, virbr*, lxcbr*, veth*, lo*, cali*, tunl*, flannel*, kube-ipvs*, cni*, vxlan.calico*, vxlan-v6.calico*, wireguard.cali*, wg-v6.cali*)",
        };
        throw Failed($"no global IPv4 address found {where}{Seen(interfaces)}");
    }

    public override string ToString() => Text;

    private NodeRegistrationException Failed(string why) =>
        new($"{Variable}=\"{Text}\": {why}; choose another method or set IP to this node's address");

    private static string Seen(IReadOnlyList<HostInterface> interfaces) =>
        interfaces.Count == 0
            ? " (no interface has an IPv4 address)"
            : $" (IPv4 addresses here: {string.Join("; ", interfaces.Select(i => $"{i.Name} {(i.Addresses.Count == 0 ? "none" : string.Join(", ", i.Addresses))}"))})";

    private static bool TryArgument(string text, string prefix, out string argument)
    {
        var found = text.StartsWith(prefix, StringComparison.Ordinal);
        argument = found ? text[prefix.Length..] : string.Empty;
        return found;
    }

    private static List<string> Split(string text, string argument, string what)
    {
        var items = ListSeparator().Split(argument.Trim()).Where(i => i.Length > 0).ToList();
        return items.Count > 0 ? items : throw Invalid(text, $"at least one {what} is needed after '='");
    }

    private static List<string> Patterns(string text, string argument)
    {
        var patterns = Split(text, argument, "regular expression");
        foreach (var pattern in patterns)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw Invalid(text, $"\"{pattern}\" is not a valid regular expression: {e.Message}");
            }
        }

        return patterns;
    }

    private static Regex[] Compile(IEnumerable<string> patterns) =>
        [.. patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, RegexTimeout))];

    private static NodeConfigurationException Invalid(string text, string why) => new($"{Variable}=\"{text}\" is not valid: {why}");

    [GeneratedRegex(@"\s*,\s*", RegexOptions.CultureInvariant)]
    private static partial Regex ListSeparator();
}
