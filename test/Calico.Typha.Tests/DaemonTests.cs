using System.Globalization;
using System.Net;
using Calico.Client.Syncing;
using Calico.Typha.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>The calico-typha binary: starts from the environment and serves; bad configuration stops it with a message naming the variable.</summary>
public sealed class DaemonTests
{
    public static TheoryData<string, string, string> BadConfiguration => new()
    {
        { "TYPHA_SERVERPORT", "abc", "TYPHA_SERVERPORT=\"abc\" is not a port number" },
        { "TYPHA_CLIENTCN", "calico-node", "TYPHA_CLIENTCN is set but TYPHA_CAFILE is not" },
        { "TYPHA_CONNECTIONREBALANCINGMODE", "kubernetes", "TYPHA_CONNECTIONREBALANCINGMODE=\"kubernetes\" is not none or static" },
        { "TYPHA_MAXCONNECTIONSLOWERLIMIT", "20000", "TYPHA_MAXCONNECTIONSLOWERLIMIT=20000 is above TYPHA_MAXCONNECTIONSUPPERLIMIT=10000" },
        { "TYPHA_LOGSEVERITYSCREEN", "LOUD", "TYPHA_LOGSEVERITYSCREEN=\"LOUD\"" },
        { "DATASTORE_TYPE", "mongodb", "DATASTORE_TYPE \"mongodb\" is not sqlite or etcdv3" },
        { "SQLITE_PATH", "/dev/null/calico.db", "calico-typha: cannot open the datastore (DATASTORE_TYPE Sqlite" },
    };

    [Theory]
    [MemberData(nameof(BadConfiguration))]
    public async Task Start_BadVariable_ExitsOneNamingIt(string variable, string value, string expected)
    {
        using var typha = DaemonProcess.Start("calico-typha.dll", new Dictionary<string, string> { [variable] = value });

        var exit = await typha.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains(expected, typha.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CaFileMissing_ExitsOneNamingTheVariableAndPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"calico-test-typha-{Guid.NewGuid():N}", "ca.pem");
        var environment = new Dictionary<string, string>
        {
            ["TYPHA_CAFILE"] = missing,
            ["TYPHA_SERVERCERTFILE"] = missing,
            ["TYPHA_SERVERKEYFILE"] = missing,
            ["TYPHA_CLIENTCN"] = "calico-node",
        };
        using var typha = DaemonProcess.Start("calico-typha.dll", environment);

        var exit = await typha.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains($"TYPHA_CAFILE={missing}: file does not exist", typha.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FromEnvironment_ReadyServesClientsAndStopsOnSigterm()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("p"), Resources.Pool("p", "10.0.0.0/16"));
        var (port, healthPort, metricsPort) = (HealthAndMetricsTests.FreePort(), HealthAndMetricsTests.FreePort(), HealthAndMetricsTests.FreePort());
        var environment = new Dictionary<string, string>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = store.Path,
            ["TYPHA_LISTENADDRESS"] = "127.0.0.1",
            ["TYPHA_SERVERPORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["TYPHA_HEALTHHOST"] = "127.0.0.1",
            ["TYPHA_HEALTHPORT"] = healthPort.ToString(CultureInfo.InvariantCulture),
            ["TYPHA_PROMETHEUSMETRICSENABLED"] = "true",
            ["TYPHA_PROMETHEUSMETRICSHOST"] = "127.0.0.1",
            ["TYPHA_PROMETHEUSMETRICSPORT"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        };
        using var typha = DaemonProcess.Start("calico-typha.dll", environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        await WaitReadyAsync(http, healthPort, typha);
        await using (var client = new SyncState(new TyphaSyncSource(TestTypha.ClientOptions(new TyphaAddress("127.0.0.1", port)), SyncerType.Felix, NullLogger.Instance, TimeProvider.System)))
        {
            await client.WaitForStoreStateAsync(store, SyncerType.Felix);
        }

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        typha.Terminate();
        var exit = await typha.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.All(HealthAndMetricsTests.Families, family => Assert.Contains($"# TYPE {family} ", metrics, StringComparison.Ordinal));
        Assert.Contains("In sync with the datastore", typha.Output, StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }

    private static async Task WaitReadyAsync(HttpClient http, int healthPort, DaemonProcess typha)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.False(typha.HasExited, $"calico-typha exited: {typha.Output}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{healthPort}/readiness")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"calico-typha never became ready: {typha.Output}");
            await Task.Delay(100);
        }
    }
}
