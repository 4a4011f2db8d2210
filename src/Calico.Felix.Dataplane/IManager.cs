using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Dataplane;

/// <summary>
/// Felix's manager contract: a manager converts the calculation graph's messages into desired dataplane state. The
/// dataplane loop feeds it every message of a batch with <see cref="OnUpdate"/> (cheap, no kernel I/O: remember what
/// changed), then calls <see cref="CompleteDeferredWorkAsync"/> once (render what changed into the table or program
/// routes), then applies the table in one transaction. Managers are used from the loop only, one call at a time.
/// </summary>
public interface IManager
{
    /// <summary>Takes note of one message; messages this manager does not handle are ignored.</summary>
    public void OnUpdate(DataplaneMessage message);

    /// <summary>Brings the desired state up to date with the messages seen since the last call.</summary>
    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken);
}
