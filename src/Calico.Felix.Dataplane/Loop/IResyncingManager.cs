namespace Calico.Felix.Dataplane.Loop;

/// <summary>A manager that keeps state outside the nftables table (routes, say) and can re-read and repair it from scratch.</summary>
public interface IResyncingManager : IManager
{
    /// <summary>Forgets what it believes is programmed, so the next <see cref="IManager.CompleteDeferredWorkAsync"/> compares with the kernel.</summary>
    public void RequestResync();
}
