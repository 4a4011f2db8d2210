using Calico.Cni.Plugin;

// One binary, two plugins: the runtime calls it as "calico" or as "calico-ipam" (a copy of this file).
var invokedAs = Path.GetFileName(Environment.ProcessPath ?? Environment.GetCommandLineArgs()[0]);
var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
{
    environment[(string)entry.Key] = entry.Value as string;
}

var stdin = await Console.In.ReadToEndAsync().ConfigureAwait(false);
var host = new CniPluginHost(environment, Console.Out, Console.Error, NetlinkPodDataplane.Create);
return await host.RunAsync(invokedAs, stdin).ConfigureAwait(false);
