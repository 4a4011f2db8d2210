using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// A one-member etcd that serves clients only over TLS and requires a client certificate signed by the test CA
/// (<c>--client-cert-auth --trusted-ca-file</c>; etcd 3.4 names the client CA so). etcd-lab.sh does not do TLS, so this starts etcd itself in a
/// unique /tmp directory on free ports and stops it by its PID; the directory is removed afterwards.
/// </summary>
public sealed class TlsEtcd : IAsyncLifetime
{
    private Process? _etcd;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"calico-etcd-tls-test-{Guid.NewGuid():N}");

    public TestCertificates Certificates { get; private set; } = null!;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Certificates = await TestCertificates.CreateAsync(Directory);
        var clientPort = FreePort();
        var peerPort = FreePort();
        Endpoint = new Uri($"https://127.0.0.1:{clientPort}");
        var peer = $"http://127.0.0.1:{peerPort}";
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        foreach (var arg in new[]
        {
            "-c", "exec \"$@\" >\"$MEMBER_LOG\" 2>&1", "sh",
            "etcd", "--name", "tls0", "--data-dir", Path.Combine(Directory, "data"),
            "--listen-client-urls", Endpoint.ToString().TrimEnd('/'), "--advertise-client-urls", Endpoint.ToString().TrimEnd('/'),
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"tls0={peer}",
            "--cert-file", Certificates.ServerCertFile, "--key-file", Certificates.ServerKeyFile,
            "--client-cert-auth", "--trusted-ca-file", Certificates.CaFile,
            "--logger", "zap", "--log-outputs", "stderr",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MEMBER_LOG"] = Path.Combine(Directory, "etcd.log");
        _etcd = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var probe = await OpenAsync(Options());
                return;
            }
            catch (DatastoreUnavailableException) when (DateTime.UtcNow < deadline && !_etcd.HasExited)
            {
                await Task.Delay(200);
            }
            catch (DatastoreUnavailableException e)
            {
                var log = await File.ReadAllTextAsync(Path.Combine(Directory, "etcd.log"));
                await DisposeAsync();
                throw new InvalidOperationException($"the TLS etcd did not come up (etcd-server must be installed): {e.Message}\n{log[Math.Max(0, log.Length - 3000)..]}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_etcd is { HasExited: false })
        {
            _etcd.Kill();
            await _etcd.WaitForExitAsync();
        }

        _etcd?.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Options that connect: the test CA and the client certificate.</summary>
    public EtcdDatastoreOptions Options(string? keyPrefix = null, long revisionBase = 1) => new()
    {
        Endpoints = [Endpoint],
        CaCertFile = Certificates.CaFile,
        CertFile = Certificates.ClientCertFile,
        KeyFile = Certificates.ClientKeyFile,
        KeyPrefix = keyPrefix ?? EtcdDatastoreOptions.DefaultKeyPrefix,
        RevisionBase = revisionBase,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>A store that sees an empty datastore at revision 0 (fresh prefix, etcd's revision as base).</summary>
    public async Task<IDatastore> OpenFreshStoreAsync()
    {
        long revision;
        await using (var probe = await OpenAsync(Options(revisionBase: 0)))
        {
            revision = await probe.GetRevisionAsync();
        }

        return await OpenAsync(Options($"/calico-tls-test/{Guid.NewGuid():N}/", revision));
    }

    private static async Task<IDatastore> OpenAsync(EtcdDatastoreOptions options) => await DatastoreFactory.OpenEtcdAsync(options);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
