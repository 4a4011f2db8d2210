using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Calico.Typha.Client;
using Calico.Typha.Protocol;
using Calico.Typha.Tls;

namespace Calico.Typha.Tests;

/// <summary>TLS: the server requires a client certificate from its CA with the expected CN or URI SAN; the client checks the server's.</summary>
public sealed class TlsTests : IDisposable
{
    private const string ClientCn = "typha-client";
    private const string ClientUri = "spiffe://cluster.local/ns/calico-system/sa/calico-node";
    private readonly TestCertificates _ca = new("Typha test CA");
    private readonly TestCertificates _otherCa = new("Another CA");

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    [Fact]
    public async Task Connect_ClientCnMatches_Accepted()
    {
        await using var setup = await StartAsync();
        await using var connection = await ConnectAsync(setup.Typha, _ca.Issue(ClientCn), expectServerCn: "typha-server");

        Assert.IsType<SyncStatus>(await ReadPastSnapshotAsync(connection));
    }

    [Fact]
    public async Task Connect_ClientUriSanMatches_Accepted()
    {
        await using var setup = await StartAsync();
        await using var connection = await ConnectAsync(setup.Typha, _ca.Issue("some-node", ClientUri), expectServerCn: "typha-server");

        Assert.IsType<SyncStatus>(await ReadPastSnapshotAsync(connection));
    }

    [Fact]
    public async Task Connect_WrongClientCn_Rejected()
    {
        await using var setup = await StartAsync();

        await Assert.ThrowsAsync<TyphaConnectionException>(() => ConnectAsync(setup.Typha, _ca.Issue("intruder"), expectServerCn: "typha-server"));

        await SyncStreamTests.WaitAsync(() => setup.Typha.Metrics.Render().Contains("typha_connections_dropped_total{reason=\"handshake\"} 1", StringComparison.Ordinal), "the handshake drop");
    }

    [Fact]
    public async Task Connect_CertificateFromAnotherCa_Rejected()
    {
        await using var setup = await StartAsync();

        await Assert.ThrowsAsync<TyphaConnectionException>(() => ConnectAsync(setup.Typha, _otherCa.Issue(ClientCn, ClientUri), expectServerCn: "typha-server"));

        await SyncStreamTests.WaitAsync(() => setup.Typha.Metrics.Render().Contains("typha_connections_dropped_total{reason=\"handshake\"} 1", StringComparison.Ordinal), "the handshake drop");
    }

    [Fact]
    public async Task Connect_NoClientCertificate_Rejected()
    {
        await using var setup = await StartAsync();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", setup.Typha.Address.Port);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));

        var closed = false;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, _, _, _) => true });
            await ssl.WriteAsync(ControlFrames.ClientHello("anonymous", "test", "felix"));
            var reader = new FrameReader(ssl, 1024, zeroByteReads: false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            closed = await reader.ReadMessageAsync(timeout.Token) is null;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            closed = true;
        }

        Assert.True(closed, "a client without a certificate got an answer");
        await SyncStreamTests.WaitAsync(() => setup.Typha.Metrics.Render().Contains("typha_connections_dropped_total{reason=\"handshake\"} 1", StringComparison.Ordinal), "the handshake drop");
    }

    [Fact]
    public async Task Connect_ServerCnNotTheExpectedOne_ClientRejects()
    {
        await using var setup = await StartAsync();

        var error = await Assert.ThrowsAsync<TyphaConnectionException>(() => ConnectAsync(setup.Typha, _ca.Issue(ClientCn), expectServerCn: "another-typha"));

        Assert.Contains("\"typha-server\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"another-typha\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UriSans_ReadsEveryUriEntry()
    {
        using var leaf = _ca.Issue("x", ClientUri);

        Assert.Equal([ClientUri], PeerIdentity.UriSans(leaf));
    }

    private async Task<Setup> StartAsync()
    {
        var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("p"), Resources.Pool("p", "10.0.0.0/16"));
        var tls = new TyphaServerTls(_ca.Issue("typha-server"), new PeerIdentity(_ca.Trust, ClientCn, ClientUri));
        var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { Tls = tls });
        await typha.WaitInSyncAsync();
        return new Setup(store, typha);
    }

    private Task<TyphaConnection> ConnectAsync(TestTypha typha, X509Certificate2 clientCertificate, string expectServerCn)
    {
        var options = TestTypha.ClientOptions(new TyphaAddress("localhost", typha.Address.Port)) with
        {
            Tls = new TyphaClientTls(clientCertificate, new PeerIdentity(_ca.Trust, expectServerCn, uriSan: null)),
        };
        return TyphaConnection.ConnectAsync(options.Addresses[0], SyncerType.Felix, options, CancellationToken.None);
    }

    private static async Task<TyphaMessage?> ReadPastSnapshotAsync(TyphaConnection connection)
    {
        TyphaMessage? message;
        while ((message = await connection.ReadAsync()) is KvBatch)
        {
        }

        return message;
    }

    private sealed record Setup(TestStore Store, TestTypha Typha) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Typha.DisposeAsync();
            await Store.DisposeAsync();
        }
    }
}
