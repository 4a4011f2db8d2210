namespace Calico.Ctl;

/// <summary>What calicoctl reads and writes, so tests can run it in-process.</summary>
public sealed record CtlEnvironment(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?> Variables)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Finds a running calico-node (for <c>calicoctl node status</c>); /proc by default.</summary>
    public ICalicoProcessProbe ProcessProbe { get; init; } = new ProcCalicoProcessProbe();

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
