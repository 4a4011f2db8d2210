namespace Calico.Typha.Protocol;

/// <summary>Why the server ends a connection (sent in a Goodbye frame when the socket can still take it).</summary>
public enum GoodbyeReason : byte
{
    /// <summary>The server has more connections than its target: reconnect, preferably to another Typha.</summary>
    Rebalancing = 1,

    /// <summary>The client fell too far behind the breadcrumb chain; reconnect and resync.</summary>
    FellBehind = 2,

    /// <summary>The server is stopping.</summary>
    ShuttingDown = 3,

    /// <summary>The hello was not acceptable (unknown syncer type or protocol version).</summary>
    Rejected = 4,
}
