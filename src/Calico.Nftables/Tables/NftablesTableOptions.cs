using Microsoft.Extensions.Logging;

namespace Calico.Nftables;

/// <summary>Settings of an nftables <see cref="ITable"/>.</summary>
public sealed record NftablesTableOptions
{
    /// <summary>The table to own (family inet). Everything in it is treated as Calico's.</summary>
    public TableName Name { get; init; } = TableName.Calico;

    public ILogger? Logger { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the bulk work goes: the table listing of every resync and every transaction of at least
    /// <see cref="BulkScriptBytes"/> bytes (start-of-day's whole ruleset, a large set rebuilt). Null: the table's
    /// own client does everything. calico-node passes an <c>nft</c> process client here (<see cref="NftCliClientFactory"/>):
    /// libnftables' parser and cache grow its caller's native heap while parsing or listing a large table (measured:
    /// +370 MB RSS to load, +390 MB to list the 100k-endpoint benchmark's 27.7k rules and 209k elements), and glibc
    /// keeps much of it; in a short-lived <c>nft</c> process the same work costs the daemon nothing once the process
    /// exits. Small deltas stay in-process, where they cost no process start (≈20× cheaper for one element,
    /// docs/nftables.md). Felix itself runs every nftables command through an nft process (knftables).
    /// </summary>
    public INftClient? BulkClient { get; init; }

    /// <summary>Transactions at least this long (bytes of UTF-8 script) go to <see cref="BulkClient"/>; default 256 KiB.</summary>
    public int BulkScriptBytes { get; init; } = 256 * 1024;
}
