using System.Net.Sockets;
using Calico.Datastore;
using Calico.Netlink;
using Calico.Typha;
using Calico.Typha.Client;
using Calico.Typha.Protocol;

namespace Calico.Lab.Tests.Typha;

/// <summary>
/// One Typha client as Felix is one (syncer type felix), at the message level: its socket is made inside the lab's
/// control-plane namespace (the machine has no route into the lab), it keeps the key → stored text view the server's
/// snapshot and deltas build, and when the connection ends it counts the loss and reconnects every 100 ms with a fresh
/// view, until disposed.
/// </summary>
internal sealed class SyntheticTyphaClient : IAsyncDisposable
{
    private readonly TyphaAddress _address;
    private readonly TyphaClientOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Dictionary<ResourceKey, string> _view = [];
    private Task _run = Task.CompletedTask;

    public SyntheticTyphaClient(NetworkNamespace controlPlane, TyphaAddress address, string hostname)
    {
        _address = address;
        _options = new TyphaClientOptions
        {
            Addresses = [address],
            Hostname = hostname,
            CreateSocket = () => controlPlane.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)),
        };
    }

    /// <summary>Connections that got the server's hello.</summary>
    public int Connections { get; private set; }

    /// <summary>Connections that ended (closed, reset, goodbye) after their hello.</summary>
    public int Losses { get; private set; }

    /// <summary>Connections on which the server said in sync (the snapshot is complete).</summary>
    public int Syncs { get; private set; }

    /// <summary>Whether the current connection's snapshot is complete.</summary>
    public bool InSync { get; private set; }

    public string? LastError { get; private set; }

    public void Start() => _run = RunAsync(_stop.Token);

    /// <summary>The current connection's view: key → stored text.</summary>
    public Dictionary<ResourceKey, string> View()
    {
        lock (_lock)
        {
            return new Dictionary<ResourceKey, string>(_view);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TyphaConnection connection;
            try
            {
                connection = await TyphaConnection.ConnectAsync(_address, SyncerType.Felix, _options, ct);
            }
            catch (TyphaConnectionException e)
            {
                LastError = e.Message;
                await Task.Delay(100, ct);
                continue;
            }

            Connections++;
            lock (_lock)
            {
                _view = [];
            }

            await using (connection)
            {
                while (true)
                {
                    TyphaMessage? message;
                    try
                    {
                        message = await connection.ReadAsync();
                    }
                    catch (TyphaConnectionException e)
                    {
                        LastError = e.Message;
                        message = null;
                    }

                    if (message is null or Goodbye)
                    {
                        InSync = false;
                        Losses++;
                        break;
                    }

                    if (message is KvBatch batch)
                    {
                        lock (_lock)
                        {
                            foreach (var kv in batch.Kvs)
                            {
                                if (kv.Value is null)
                                {
                                    _view.Remove(kv.Key);
                                }
                                else
                                {
                                    _view[kv.Key] = kv.Value;
                                }
                            }
                        }
                    }
                    else if (message is SyncStatus { InSync: true } && !InSync)
                    {
                        InSync = true;
                        Syncs++;
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
