using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Calico.Cni.Protocol;

/// <summary>Writes results and errors as the CNI spec version asks, and reads a prevResult.</summary>
public static class CniResultJson
{
    private static readonly JsonSerializerOptions Indented = new(CniJsonContext.Default.Options) { WriteIndented = true };

    public static string Write(CniResult result, string cniVersion)
    {
        var withVersion = CniVersions.IpsCarryVersion(cniVersion);
        var root = new JsonObject { ["cniVersion"] = cniVersion };
        if (result.Interfaces.Count > 0)
        {
            root["interfaces"] = new JsonArray(result.Interfaces.Select(i =>
            {
                var o = new JsonObject { ["name"] = i.Name };
                if (i.Mac is not null)
                {
                    o["mac"] = i.Mac;
                }

                if (i.Sandbox is not null)
                {
                    o["sandbox"] = i.Sandbox;
                }

                return (JsonNode)o;
            }).ToArray());
        }

        root["ips"] = new JsonArray(result.Ips.Select(ip =>
        {
            var o = new JsonObject();
            if (withVersion)
            {
                o["version"] = ip.IsIPv4 ? "4" : "6";
            }

            o["address"] = ip.AddressText;
            if (ip.Gateway is not null)
            {
                o["gateway"] = ip.Gateway.ToString();
            }

            if (ip.InterfaceIndex is { } index)
            {
                o["interface"] = index;
            }

            return (JsonNode)o;
        }).ToArray());
        if (result.Routes.Count > 0)
        {
            root["routes"] = new JsonArray(result.Routes.Select(r =>
            {
                var o = new JsonObject { ["dst"] = r.Destination };
                if (r.Gateway is not null)
                {
                    o["gw"] = r.Gateway.ToString();
                }

                return (JsonNode)o;
            }).ToArray());
        }

        root["dns"] = new JsonObject();
        return root.ToJsonString(Indented);
    }

    public static string WriteError(CniException error, string cniVersion)
    {
        var root = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["code"] = (int)error.Code,
            ["msg"] = error.Message,
        };
        if (error.Details is not null)
        {
            root["details"] = error.Details;
        }

        return root.ToJsonString(Indented);
    }

    public static string WriteVersion(string cniVersion) =>
        new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["supportedVersions"] = new JsonArray(CniVersions.Supported.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
        }.ToJsonString(Indented);

    /// <summary>Reads a result (an IPAM plugin's output, or prevResult) in any supported version.</summary>
    public static CniResult Read(JsonObject root)
    {
        var interfaces = (root["interfaces"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => new CniInterface((string?)i["name"] ?? string.Empty, (string?)i["mac"], (string?)i["sandbox"])).ToList();
        var ips = new List<CniIpConfig>();
        foreach (var ip in (root["ips"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var address = (string?)ip["address"] ?? throw new CniException(CniErrorCode.DecodeFailure, "a result IP has no address");
            var slash = address.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPAddress.TryParse(address.AsSpan(0, slash), out var parsed)
                || !int.TryParse(address.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            {
                throw new CniException(CniErrorCode.DecodeFailure, $"result IP address \"{address}\" is not ADDRESS/PREFIX");
            }

            var gateway = (string?)ip["gateway"] is { } g && IPAddress.TryParse(g, out var gw) ? gw : null;
            ips.Add(new CniIpConfig(parsed, prefix, gateway, ip["interface"] is JsonValue v && v.TryGetValue<int>(out var idx) ? idx : null));
        }

        var routes = (root["routes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => new CniRoute((string?)r["dst"] ?? string.Empty, (string?)r["gw"] is { } gw && IPAddress.TryParse(gw, out var a) ? a : null)).ToList();
        return new CniResult(interfaces, ips, routes);
    }
}
