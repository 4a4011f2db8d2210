using Calico.Datastore;

namespace Calico.Typha.Protocol;

/// <summary>One key's state on the wire: its stored text at <paramref name="Revision"/>, or <see langword="null"/> when deleted.</summary>
public sealed record TyphaKv(ResourceKey Key, long Revision, string? Value)
{
    public bool IsDeletion => Value is null;
}
