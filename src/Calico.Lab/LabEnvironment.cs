namespace Calico.Lab;

/// <summary>What calico-lab reads and writes, so tests can run it in-process.</summary>
public sealed record LabEnvironment(TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?> Variables, string PluginDirectory)
{
    public static LabEnvironment FromConsole()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        var plugins = variables.TryGetValue("CALICO_LAB_PLUGIN_DIR", out var dir) && !string.IsNullOrEmpty(dir) ? dir : AppContext.BaseDirectory;
        return new LabEnvironment(Console.Out, Console.Error, variables, plugins);
    }
}
