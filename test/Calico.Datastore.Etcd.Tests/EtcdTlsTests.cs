using Calico.Client.Configuration;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// Client certificates against a real TLS etcd (<c>--client-cert-auth</c>): connecting through calicoctl's configuration
/// (ETCD_CA_CERT_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE), and clear failures with a wrong CA or without a client certificate.
/// </summary>
public sealed class EtcdTlsTests(TlsEtcd etcd) : IClassFixture<TlsEtcd>
{
    [Fact]
    public async Task Open_CalicoctlEnvironmentNames_ConnectsWithClientCertificate()
    {
        var config = DatastoreConfigLoader.Load(null, new Dictionary<string, string?>
        {
            ["DATASTORE_TYPE"] = "etcdv3",
            ["ETCD_ENDPOINTS"] = etcd.Endpoint.ToString(),
            ["ETCD_CA_CERT_FILE"] = etcd.Certificates.CaFile,
            ["ETCD_CERT_FILE"] = etcd.Certificates.ClientCertFile,
            ["ETCD_KEY_FILE"] = etcd.Certificates.ClientKeyFile,
        });
        await using var store = await DatastoreConnector.OpenAsync(config);
        var key = ResourceKey.Cluster("TlsProbe", Guid.NewGuid().ToString("N"));

        var created = await store.CreateAsync(key, "{}");

        Assert.Equal("{}", (await store.GetAsync(key))!.Value);
        Assert.Equal(created.Revision, (await store.DeleteAsync(key)).CreateRevision);
    }

    [Fact]
    public async Task Open_WrongCa_FailsNamingTheCertificateProblem()
    {
        var options = etcd.Options();
        var wrong = new EtcdDatastoreOptions
        {
            Endpoints = options.Endpoints, CertFile = options.CertFile, KeyFile = options.KeyFile,
            CaCertFile = etcd.Certificates.WrongCaFile, RequestTimeout = TimeSpan.FromSeconds(2),
        };

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(async () => await DatastoreFactory.OpenEtcdAsync(wrong));

        Assert.Contains(etcd.Endpoint.Authority, e.Message);
        Assert.Contains("TLS failed: The SSL connection could not be established, see inner exception.: The remote certificate is invalid because of errors in the certificate chain: PartialChain; check ETCD_CA_CERT_FILE", e.Message);
    }

    [Fact]
    public async Task Open_NoClientCertificate_FailsSayingTheServerRefused()
    {
        var options = etcd.Options();
        var anonymous = new EtcdDatastoreOptions { Endpoints = options.Endpoints, CaCertFile = options.CaCertFile, RequestTimeout = TimeSpan.FromSeconds(2) };

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(async () => await DatastoreFactory.OpenEtcdAsync(anonymous));

        Assert.Contains(etcd.Endpoint.Authority, e.Message);
        Assert.Contains("the member closed the connection after TLS, as etcd with --client-cert-auth does when the client has no certificate", e.Message);
        Assert.Contains("set ETCD_CERT_FILE and ETCD_KEY_FILE", e.Message);
    }
}
