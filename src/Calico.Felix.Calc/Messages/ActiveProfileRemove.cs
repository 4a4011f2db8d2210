namespace Calico.Felix.Calc.Messages;

/// <summary>No local endpoint uses the profile any more (or it was deleted).</summary>
public sealed record ActiveProfileRemove(string Name) : DataplaneMessage;
