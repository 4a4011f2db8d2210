namespace Calico.Ctl;

/// <summary>What calicoctl reads and writes, so tests can run it in-process.</summary>
public sealed record CtlEnvironment(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?> Variables)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static CtlEnvironment FromConsole()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return new CtlEnvironment(Console.In, Console.Out, Console.Error, variables);
    }
}
