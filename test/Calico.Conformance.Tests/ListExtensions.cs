namespace Calico.Conformance.Tests;

internal static class ListExtensions
{
    /// <summary>Adds a failure report when there is one.</summary>
    public static void AddIfNotNull(this List<string> failures, string? report)
    {
        if (report is not null)
        {
            failures.Add(report);
        }
    }
}
