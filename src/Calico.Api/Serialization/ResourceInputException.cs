namespace Calico.Api.Serialization;

/// <summary>Bad input: names the source, the document, the field path and the reason, on one line.</summary>
public sealed class ResourceInputException : Exception
{
    public ResourceInputException(string source, int documentIndex, string? resourceDescription, string fieldPath, string reason)
        : base(Format(source, documentIndex, resourceDescription, fieldPath, reason))
    {
        Source = source;
        DocumentIndex = documentIndex;
        ResourceDescription = resourceDescription;
        FieldPath = fieldPath;
        Reason = reason;
    }

    public new string Source { get; }

    /// <summary>1-based index of the document within the source (0 when the whole source is unreadable).</summary>
    public int DocumentIndex { get; }

    public string? ResourceDescription { get; }

    public string FieldPath { get; }

    public string Reason { get; }

    /// <summary>The input was valid but lost a race with another writer; reading again and retrying can succeed.</summary>
    public bool IsConflict { get; init; }

    private static string Format(string source, int documentIndex, string? description, string fieldPath, string reason)
    {
        var where = documentIndex > 0 ? $"{source}: document {documentIndex}" : source;
        if (!string.IsNullOrEmpty(description))
        {
            where += $" ({description})";
        }

        return string.IsNullOrEmpty(fieldPath) ? $"{where}: {reason}" : $"{where}: {fieldPath}: {reason}";
    }
}
