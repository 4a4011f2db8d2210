using System.Text.Json;

namespace Calico.Cni.Protocol;

/// <summary>Builds a <see cref="CniRequest"/> from the environment and stdin, with CNI error codes for bad input.</summary>
public static class CniRequestReader
{
    public static CniRequest Read(IReadOnlyDictionary<string, string?> environment, string stdin)
    {
        string? Env(string name) => environment.TryGetValue(name, out var value) ? value : null;
        var commandText = Env("CNI_COMMAND");
        var command = commandText switch
        {
            "ADD" => CniCommand.Add,
            "DEL" => CniCommand.Del,
            "CHECK" => CniCommand.Check,
            "VERSION" => CniCommand.Version,
            "STATUS" => CniCommand.Status,
            "GC" => CniCommand.Gc,
            null or "" => throw new CniException(CniErrorCode.InvalidEnvironment, "CNI_COMMAND is not set (expected ADD, DEL, CHECK or VERSION)"),
            _ => throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_COMMAND \"{commandText}\" is not ADD, DEL, CHECK or VERSION"),
        };

        if (command == CniCommand.Version)
        {
            return new CniRequest { Command = command, Config = new NetConf(), RawConfig = stdin };
        }

        NetConf config;
        try
        {
            config = JsonSerializer.Deserialize(stdin, CniJsonContext.Default.NetConf)
                ?? throw new CniException(CniErrorCode.DecodeFailure, "the network configuration on stdin is empty (JSON null)");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            throw new CniException(CniErrorCode.DecodeFailure, $"the network configuration on stdin is not valid JSON{where}: {e.Message.Split(" Path:")[0]}");
        }

        if (string.IsNullOrEmpty(config.CniVersion))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "the network configuration has no cniVersion");
        }

        if (!CniVersions.IsSupported(config.CniVersion))
        {
            throw new CniException(CniErrorCode.IncompatibleVersion,
                $"cniVersion \"{config.CniVersion}\" is not supported (supported: {string.Join(", ", CniVersions.Supported)})");
        }

        var containerId = Env("CNI_CONTAINERID") ?? string.Empty;
        if (command is CniCommand.Add or CniCommand.Del or CniCommand.Check && containerId.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, "CNI_CONTAINERID is not set");
        }

        var netns = Env("CNI_NETNS") ?? string.Empty;
        if (command is CniCommand.Add or CniCommand.Check && netns.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS is not set ({command.ToString().ToUpperInvariant()} needs the pod's network namespace)");
        }

        var ifName = Env("CNI_IFNAME");
        if (command is CniCommand.Add or CniCommand.Check && string.IsNullOrEmpty(ifName))
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, "CNI_IFNAME is not set");
        }

        return new CniRequest
        {
            Command = command,
            ContainerId = containerId,
            NetNs = netns,
            IfName = string.IsNullOrEmpty(ifName) ? "eth0" : ifName,
            Args = ParseArgs(Env("CNI_ARGS")),
            PluginPaths = (Env("CNI_PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries),
            Config = config,
            RawConfig = stdin,
        };
    }

    /// <summary>CNI_ARGS: "K=V;K=V".</summary>
    public static IReadOnlyDictionary<string, string> ParseArgs(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_ARGS entry \"{pair}\" is not KEY=VALUE");
            }

            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }
}
