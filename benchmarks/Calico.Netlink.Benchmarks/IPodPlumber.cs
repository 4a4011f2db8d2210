namespace Calico.Netlink.Benchmarks;

/// <summary>One way of plumbing a pod (create) and removing it (delete), timed by <see cref="Program"/>.</summary>
internal interface IPodPlumber
{
    public string Name { get; }

    public void Create(BenchmarkNamespaces namespaces, int iteration);

    public void Delete(BenchmarkNamespaces namespaces, int iteration);
}
