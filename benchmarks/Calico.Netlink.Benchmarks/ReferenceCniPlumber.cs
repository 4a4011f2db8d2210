using System.Diagnostics;
using System.Globalization;

namespace Calico.Netlink.Benchmarks;

/// <summary>
/// For context: Debian's reference plugins (containernetworking-plugins: bridge + host-local) doing a CNI ADD/DEL
/// for the same pod namespace, run in the scratch node namespace through <c>ip netns exec</c> (whose own cost is
/// measured separately as "netns-exec-overhead"). Bridge and IPAM state stay in the scratch namespace and a
/// scratch directory.
/// </summary>
internal sealed class ReferenceCniPlumber(string pluginDirectory, string dataDirectory) : IPodPlumber
{
    public const string DefaultPluginDirectory = "/usr/lib/cni";

    public string Name => "reference-cni-bridge-host-local";

    public void Create(BenchmarkNamespaces namespaces, int iteration) => Invoke("ADD", namespaces, iteration);

    public void Delete(BenchmarkNamespaces namespaces, int iteration) => Invoke("DEL", namespaces, iteration);

    private void Invoke(string command, BenchmarkNamespaces namespaces, int iteration)
    {
        var config = $$$"""
            {"cniVersion":"1.0.0","name":"calico-bench-nl","type":"bridge","bridge":"cnibench0","isGateway":true,"ipMasq":false,
             "ipam":{"type":"host-local","ranges":[[{"subnet":"10.66.0.0/16"}]],"dataDir":"{{{dataDirectory}}}"}}
            """;
        var start = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "netns", "exec", namespaces.Host, Path.Combine(pluginDirectory, "bridge") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = string.Create(CultureInfo.InvariantCulture, $"bench{iteration}");
        start.Environment["CNI_NETNS"] = $"/var/run/netns/{namespaces.Pod}";
        start.Environment["CNI_IFNAME"] = "eth0";
        start.Environment["CNI_PATH"] = pluginDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the bridge plugin");
        process.StandardInput.Write(config);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bridge plugin {command} exited with {process.ExitCode}: {output}");
        }
    }
}
