namespace Calico.Felix.Calc.Messages;

/// <summary>
/// Everything the datastore held at its first complete listing has been sent. The dataplane may now remove what is
/// not desired (mark and sweep) and report ready once this state is programmed.
/// </summary>
public sealed record DatastoreInSync : DataplaneMessage;
