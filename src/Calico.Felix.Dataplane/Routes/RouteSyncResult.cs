namespace Calico.Felix.Dataplane.Routes;

/// <summary>
/// What one <see cref="RouteManager.CompleteDeferredWorkAsync"/> (or <see cref="RouteManager.ResyncAsync"/>) did, and,
/// summed, what the manager did since it started (<see cref="RouteManager.Totals"/>): numbers a caller can export as
/// metrics. <see cref="PendingRoutes"/> and <see cref="MissingInterfaces"/> describe the state after the pass (they
/// are not summed meaningfully; the totals keep the latest values).
/// </summary>
public sealed record RouteSyncResult
{
    public static RouteSyncResult Empty { get; } = new();

    /// <summary>The pass re-read the kernel's links and routes (first pass, after in-sync, or a requested resync).</summary>
    public int Resyncs { get; init; }

    /// <summary>Routes written (added, or replaced because they pointed elsewhere or had the wrong attributes).</summary>
    public int RoutesWritten { get; init; }

    /// <summary>Stale routes deleted (only ever after the datastore is in sync).</summary>
    public int RoutesDeleted { get; init; }

    /// <summary>Interfaces whose proxy_arp/forwarding (or IPv6) settings had to be changed.</summary>
    public int InterfacesConfigured { get; init; }

    /// <summary>Kernel requests that failed (logged; the affected routes and interfaces are retried on the next pass).</summary>
    public int Errors { get; init; }

    /// <summary>After the pass: destinations not yet as desired (interface missing, or an error); retried next pass.</summary>
    public int PendingRoutes { get; init; }

    /// <summary>After the pass: interfaces of local endpoints that do not exist (yet).</summary>
    public int MissingInterfaces { get; init; }

    /// <summary>This result plus <paramref name="pass"/>: counts summed, the state fields taken from <paramref name="pass"/>.</summary>
    public RouteSyncResult Add(RouteSyncResult pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return new RouteSyncResult
        {
            Resyncs = Resyncs + pass.Resyncs,
            RoutesWritten = RoutesWritten + pass.RoutesWritten,
            RoutesDeleted = RoutesDeleted + pass.RoutesDeleted,
            InterfacesConfigured = InterfacesConfigured + pass.InterfacesConfigured,
            Errors = Errors + pass.Errors,
            PendingRoutes = pass.PendingRoutes,
            MissingInterfaces = pass.MissingInterfaces,
        };
    }
}
