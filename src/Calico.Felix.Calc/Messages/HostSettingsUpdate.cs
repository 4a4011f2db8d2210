using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Messages;

/// <summary>The FelixConfiguration settings in force on this node (cluster default overridden by <c>node.NAME</c>). Sent once before the first endpoint and again when they change.</summary>
public sealed record HostSettingsUpdate(HostSettings Settings) : DataplaneMessage;
