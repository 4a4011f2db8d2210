using Calico.Ipam.Retry;
using Calico.Ipam.Store;

namespace Calico.Ipam;

/// <summary>What every IPAM step shares: the typed store, the clock, the options and the jitter source.</summary>
internal sealed class IpamDependencies(IpamStore store, TimeProvider timeProvider, IpamClientOptions options)
{
    private readonly Jitter _jitter = new(options.RandomSeed);

    public IpamStore Store => store;

    public TimeProvider Time => timeProvider;

    public IpamClientOptions Options => options;

    /// <summary>A fresh retry budget for one step that may race other writers.</summary>
    public RetryBudget Budget(string operation) => new(options, timeProvider, _jitter, operation);
}
