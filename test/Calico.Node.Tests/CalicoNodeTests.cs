using System.Net;
using System.Net.Sockets;
using Calico.Datastore;

namespace Calico.Node.Tests;

/// <summary>calico-node in-process on loopback ports: not ready until the datastore snapshot is in, then ready; metrics served; stops on cancel.</summary>
public sealed class CalicoNodeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("calico-test-node-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Run_ServesReadinessLivenessAndMetrics_StopsOnCancel()
    {
        var db = Path.Combine(_directory, "calico.db");
        await using (var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = db }))
        {
            await store.CreateAsync(new ResourceKey("IPPool", null, "p"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"cidr\":\"10.0.0.0/16\"}}");
        }

        var (healthPort, metricsPort) = (FreePort(), FreePort());
        var environment = new Dictionary<string, string?>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = db,
            ["NODENAME"] = "node1",
            ["IP"] = "198.18.0.11/24",
            ["FELIX_HEALTHPORT"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FELIX_PROMETHEUSMETRICSENABLED"] = "true",
            ["FELIX_PROMETHEUSMETRICSHOST"] = "127.0.0.1",
            ["FELIX_PROMETHEUSMETRICSPORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FELIX_LOGSEVERITYSCREEN"] = "WARNING",
            ["FELIX_USEINTERNALDATAPLANEDRIVER"] = "false",
        };
        using var stop = new CancellationTokenSource();
        var node = CalicoNode.RunAsync(environment, TextWriter.Null, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        var ready = await PollAsync(() => http.GetAsync($"http://127.0.0.1:{healthPort}/readiness"), r => r.StatusCode == HttpStatusCode.OK);
        var live = await http.GetAsync($"http://127.0.0.1:{healthPort}/liveness");
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        await stop.CancelAsync();
        var exit = await node.WaitAsync(TimeSpan.FromSeconds(10));

        // Revision 1 is the pool, revision 2 this node's registration (written before Felix starts).
        Assert.Contains("programmed up to revision 2", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("felix_programmed_revision 2", metrics, StringComparison.Ordinal);
        Assert.Contains("felix_calc_graph_update_time_seconds_count 1", metrics, StringComparison.Ordinal);
        Assert.Contains("felix_int_dataplane_apply_time_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Run_BadConfiguration_ExitsOneNamingTheVariable()
    {
        var error = new StringWriter();

        var exit = await CalicoNode.RunAsync(new Dictionary<string, string?> { ["FELIX_HEALTHPORT"] = "nine" }, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("FELIX_HEALTHPORT=\"nine\"", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AddressOfAnotherNode_ExitsOneNamingTheNodeAndAddress()
    {
        var db = Path.Combine(_directory, "conflict.db");
        await using (var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = db }))
        {
            await store.CreateAsync(new ResourceKey("Node", null, "node2"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node2\"},\"spec\":{\"bgp\":{\"ipv4Address\":\"198.18.0.11/24\"}}}");
        }

        var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = db,
            ["NODENAME"] = "node1",
            ["IP"] = "198.18.0.11/24",
            ["FELIX_HEALTHENABLED"] = "false",
            ["FELIX_LOGSEVERITYSCREEN"] = "NONE",
            ["FELIX_USEINTERNALDATAPLANEDRIVER"] = "false",
        };

        var exit = await CalicoNode.RunAsync(environment, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("Calico node 'node2' is already using the IPv4 address 198.18.0.11", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadAutodetectionMethod_ExitsOneNamingTheVariable()
    {
        var error = new StringWriter();

        var exit = await CalicoNode.RunAsync(new Dictionary<string, string?> { ["IP_AUTODETECTION_METHOD"] = "interface=(" }, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("IP_AUTODETECTION_METHOD=\"interface=(\" is not valid: \"(\" is not a valid regular expression", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InInitialNetworkNamespace_RefusesToProgramTheKernel()
    {
        var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = Path.Combine(_directory, "refused.db"),
            ["NODENAME"] = "node1",
            ["FELIX_HEALTHENABLED"] = "false",
        };

        var exit = await CalicoNode.RunAsync(environment, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("refusing to program the machine's initial network namespace", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("FELIX_ALLOWINITIALNETWORKNAMESPACE=true", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> get, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                var response = await get();
                if (done(response) || DateTime.UtcNow > deadline)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100);
        }
    }
}
