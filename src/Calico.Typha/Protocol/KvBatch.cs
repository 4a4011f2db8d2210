namespace Calico.Typha.Protocol;

/// <summary>Part of the snapshot or a batch of changes, in order.</summary>
public sealed record KvBatch(IReadOnlyList<TyphaKv> Kvs) : TyphaMessage;
