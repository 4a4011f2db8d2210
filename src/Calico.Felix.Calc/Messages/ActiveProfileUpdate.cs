using Calico.Policy.Effective;

namespace Calico.Felix.Calc.Messages;

/// <summary>A profile a local endpoint uses, added or changed (its IP sets sent before it).</summary>
public sealed record ActiveProfileUpdate(string Name, EffectiveProfile Profile) : DataplaneMessage;
