namespace Calico.Typha.Server;

/// <summary>Why the server ended a connection (the reason label of typha_connections_dropped_total).</summary>
internal static class DropReason
{
    public const string Limit = "limit";
    public const string Rebalance = "rebalance";
    public const string FellBehind = "fell-behind";
    public const string PingTimeout = "ping-timeout";
    public const string Handshake = "handshake";
    public const string Protocol = "protocol";
    public const string ShuttingDown = "shutting-down";
}
