using Calico.Datastore;

namespace Calico.Ipam;

/// <summary>Creates IPAM clients; the implementation is internal.</summary>
public static class IpamClientFactory
{
    /// <summary>Creates a client over <paramref name="datastore"/>. The client does not own the datastore.</summary>
    /// <param name="datastore">Where pools, nodes, endpoints and the IPAM resources live.</param>
    /// <param name="timeProvider">Clock for back-off delays and timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="options">Retry settings; defaults when null.</param>
    public static IIpamClient Create(IDatastore datastore, TimeProvider? timeProvider = null, IpamClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        options ??= new IpamClientOptions();
        options.ThrowIfInvalid();
        return new IpamClient(datastore, timeProvider ?? TimeProvider.System, options);
    }
}
