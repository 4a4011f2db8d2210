using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Dataplane.Loop;

/// <summary>One flush of the calculation graph, and the datastore revision it brings the dataplane up to.</summary>
public sealed record DataplaneBatch(IReadOnlyList<DataplaneMessage> Messages, long Revision);
