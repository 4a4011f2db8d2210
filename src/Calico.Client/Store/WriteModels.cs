using Calico.Api;
using Calico.Api.Serialization;

namespace Calico.Client.Store;

/// <summary>create: must not exist; apply: create or update; replace: must exist.</summary>
public enum WriteMode
{
    Create,
    Apply,
    Replace,
}

public enum WriteOutcome
{
    Created,
    Updated,

    /// <summary>The stored resource already equals the input; nothing was written and its revision is unchanged.</summary>
    Unchanged,

    /// <summary>create --skip-exists met an existing resource.</summary>
    Skipped,
}

public sealed record WriteOptions
{
    /// <summary>The namespace for namespaced resources that name none (-n), or null for "default".</summary>
    public string? DefaultNamespace { get; init; }

    /// <summary>create --skip-exists.</summary>
    public bool SkipExisting { get; init; }
}

public sealed record WriteResult(DecodedResource Input, WriteOutcome Outcome, Resource Resource);

public sealed record DeleteRequest(ResourceKind Kind, string? Namespace, string Name)
{
    public string? ResourceVersion { get; init; }

    /// <summary>Where the request came from (a file and document), for messages; empty for command-line names.</summary>
    public string Source { get; init; } = string.Empty;

    public int DocumentIndex { get; init; }
}

public sealed record DeleteResult(DeleteRequest Request, Resource? Deleted);

public sealed record ResourceListing(IReadOnlyList<Resource> Items, long Revision);
