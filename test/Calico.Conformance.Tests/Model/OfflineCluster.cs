using System.Globalization;
using System.Net;
using System.Text;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Conformance.Tests.Lab;
using Calico.Datastore;
using Calico.Policy;

namespace Calico.Conformance.Tests.Model;

/// <summary>
/// The test model without a lab: an in-memory datastore written through the same validating store calicoctl uses, and
/// workload endpoints shaped as the CNI plugin writes them (pod x/a at 192.168.0.10, x/b at .11, ...). Lets every
/// scenario be checked for valid YAML and for expectations the model agrees with, with no root and no Felix.
/// </summary>
public sealed class OfflineCluster : IAsyncDisposable
{
    private readonly IDatastore _datastore = DatastoreFactory.CreateInMemory();
    private readonly ResourceStore _store;

    private OfflineCluster() => _store = new ResourceStore(_datastore, TimeProvider.System);

    public static IReadOnlyDictionary<string, IPAddress> Addresses { get; } = KubeTestModel.PodNames
        .Select((name, i) => (name, address: IPAddress.Parse($"192.168.0.{(10 + i).ToString(CultureInfo.InvariantCulture)}")))
        .ToDictionary(p => p.name, p => p.address, StringComparer.Ordinal);

    public static async Task<OfflineCluster> CreateAsync()
    {
        var cluster = new OfflineCluster();
        await cluster.ApplyAsync(KubeTestModel.ClusterYaml());
        return cluster;
    }

    /// <summary>As <c>calicoctl apply -f</c>: validated, all or nothing.</summary>
    public async Task ApplyAsync(string yaml) =>
        await _store.WriteAsync(ResourceCodec.Decode(yaml, "scenario"), WriteMode.Apply, new WriteOptions());

    /// <summary>As <c>calicoctl delete -f --skip-not-exists</c>.</summary>
    public async Task DeleteAsync(string yaml) =>
        await _store.DeleteAsync([.. ResourceCodec.Decode(yaml, "scenario").Select(d => new DeleteRequest(d.Kind, d.Resource.Namespace, d.Resource.Name))], skipNotExisting: true);

    public async Task<PolicyModel> ModelAsync()
    {
        var resources = new List<Resource>(await PolicyResources.ReadAsync(_datastore));
        resources.AddRange(ResourceCodec.Decode(WorkloadsYaml(), "synthetic workload endpoints").Select(d => d.Resource));
        return PolicyModel.Create(resources);
    }

    public ValueTask DisposeAsync() => _datastore.DisposeAsync();

    private static string WorkloadsYaml()
    {
        var yaml = new StringBuilder();
        foreach (var name in KubeTestModel.PodNames)
        {
            var (ns, pod) = (name.Split('/')[0], name.Split('/')[1]);
            var sa = KubeTestModel.ServiceAccount(pod);
            yaml.Append($"""
                apiVersion: projectcalico.org/v3
                kind: WorkloadEndpoint
                metadata:
                  name: {KubeTestModel.NodeName}-k8s-{pod}-eth0
                  namespace: {ns}
                  labels:
                    pod: {pod}
                    projectcalico.org/namespace: {ns}
                    projectcalico.org/orchestrator: k8s
                    projectcalico.org/serviceaccount: {sa}
                spec:
                  orchestrator: k8s
                  node: {KubeTestModel.NodeName}
                  pod: {pod}
                  endpoint: eth0
                  serviceAccountName: {sa}
                  interfaceName: cali{ns}{pod}
                  ipNetworks: [{Addresses[name]}/32]
                  profiles: [kns.{ns}, ksa.{ns}.{sa}]
                  ports:

                """);
            foreach (var probe in KubeTestModel.StandardProbes)
            {
                var protocol = probe.ToString().Split('/')[0];
                yaml.Append($"""
                      - name: serve-{probe.Port}-{protocol}
                        protocol: {protocol.ToUpperInvariant()}
                        port: {probe.Port}

                    """);
            }

            yaml.Append("---\n");
        }

        return yaml.ToString();
    }
}
