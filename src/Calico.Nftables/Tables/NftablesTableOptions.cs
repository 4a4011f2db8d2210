using Microsoft.Extensions.Logging;

namespace Calico.Nftables;

/// <summary>Settings of an nftables <see cref="ITable"/>.</summary>
public sealed record NftablesTableOptions
{
    /// <summary>The table to own (family inet). Everything in it is treated as Calico's.</summary>
    public TableName Name { get; init; } = TableName.Calico;

    public ILogger? Logger { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
