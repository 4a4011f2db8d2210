namespace Calico.Lab;

/// <summary>What calico-lab reads and writes, so tests can run it in-process.</summary>
public sealed record LabEnvironment(TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?> Variables, string PluginDirectory)
{
    /// <summary>Whether to color output (ANSI): only on a terminal, and not when NO_COLOR is set (https://no-color.org) or TERM is dumb.</summary>
    public bool Color { get; init; }

    public static LabEnvironment FromConsole()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        var plugins = variables.TryGetValue("CALICO_LAB_PLUGIN_DIR", out var dir) && !string.IsNullOrEmpty(dir) ? dir : AppContext.BaseDirectory;
        var color = !Console.IsOutputRedirected
            && !(variables.TryGetValue("NO_COLOR", out var noColor) && !string.IsNullOrEmpty(noColor))
            && !(variables.TryGetValue("TERM", out var term) && string.Equals(term, "dumb", StringComparison.Ordinal));
        return new LabEnvironment(Console.Out, Console.Error, variables, plugins) { Color = color };
    }
}
