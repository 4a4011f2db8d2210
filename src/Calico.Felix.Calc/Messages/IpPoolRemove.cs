namespace Calico.Felix.Calc.Messages;

/// <summary>An IP pool was deleted.</summary>
public sealed record IpPoolRemove(string Name) : DataplaneMessage;
