namespace Calico.Felix.Calc.Messages;

/// <summary>A node's VXLAN tunnel endpoint is gone (the node was deleted or lost its address, tunnel address or MAC).</summary>
public sealed record VtepRemove(string Node) : DataplaneMessage;
