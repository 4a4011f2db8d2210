using Calico.Api;

namespace Calico.Ctl.Commands;

/// <summary>"Successfully applied 2 'IPPool' resource(s)", as calicoctl reports.</summary>
internal static class WriteSummary
{
    public static string Format(string verb, IReadOnlyList<ResourceKind> kinds, int unchanged = 0, int skipped = 0)
    {
        var distinct = kinds.Distinct().ToList();
        var what = distinct.Count == 1 ? $"{kinds.Count} '{distinct[0].Kind}' resource(s)" : $"{kinds.Count} resource(s)";
        var notes = new List<string>();
        if (unchanged > 0)
        {
            notes.Add($"{unchanged} unchanged");
        }

        if (skipped > 0)
        {
            notes.Add($"{skipped} already existed and were skipped");
        }

        return $"Successfully {verb} {what}" + (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : string.Empty);
    }
}
