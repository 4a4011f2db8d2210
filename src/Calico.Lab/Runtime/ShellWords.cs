namespace Calico.Lab.Runtime;

/// <summary>Quoting for the <c>sh -c</c> lines that start the lab's daemons detached.</summary>
internal static class ShellWords
{
    /// <summary>One word in single quotes, any single quote in it closed, escaped and reopened.</summary>
    public static string Quote(string word) => $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
