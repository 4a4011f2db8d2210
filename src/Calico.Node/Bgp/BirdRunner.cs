using System.Diagnostics;
using Calico.Api;
using Calico.Bgp.Control;
using Calico.Bgp.Model;
using Calico.Bgp.Rendering;
using Calico.Client.Syncing;
using Calico.Datastore;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Bgp;

/// <summary>
/// The BGP half of calico-node (Calico's confd and BIRD): follows the resources BGP needs, renders this node's BIRD 2
/// configuration after every change once the first listing is complete, writes it atomically when it changed, and keeps
/// one BIRD running on it (<c>bird -f</c> as a child process, so stopping or killing calico-node's process tree stops it
/// too): started on the first configuration, told to <c>configure</c> (reload) through its control socket on every
/// change, restarted when it exited. An IPAM block update that changes only allocations renders nothing. BIRD's
/// kernel protocol programs the routes to other nodes' blocks in this node's namespace.
/// </summary>
internal sealed partial class BirdRunner(string nodeName, BirdPaths paths, string birdBinary, IDatastore datastore, ILogger logger)
{
    /// <summary>Node, BGPPeer, BGPConfiguration, IPPool and IPAMBlock: everything <see cref="BgpSnapshot"/> reads.</summary>
    public static IReadOnlyList<ResourceKind> Kinds { get; } = [ResourceKinds.Node, ResourceKinds.BGPPeer, ResourceKinds.BGPConfiguration, ResourceKinds.IPPool, ResourceKinds.IPAMBlock];

    private readonly BirdConfigRenderer _renderer = new();
    private readonly BirdConfigWriter _writer = new();
    private IReadOnlyList<string> _notes = [];
    private Process? _bird;

    public async Task RunAsync(CancellationToken ct)
    {
        var resources = new Dictionary<ResourceKey, Resource>();
        var inSync = false;
        try
        {
            await foreach (var update in new ResourceSyncer(datastore, Kinds).RunAsync(ct).ConfigureAwait(false))
            {
                var matters = true;
                switch (update)
                {
                    case ResourceUpdated updated:
                        var key = new ResourceKey(updated.Kind.StoreKind, updated.Resource.Namespace, updated.Resource.Name);
                        matters = !(resources.TryGetValue(key, out var previous) && SameForBgp(previous, updated.Resource));
                        resources[key] = updated.Resource;
                        break;
                    case ResourceDeleted deleted:
                        resources.Remove(deleted.Key);
                        break;
                    case ResourceUndecodable undecodable:
                        resources.Remove(undecodable.Key);
                        Log.Undecodable(logger, undecodable.Key.ToString(), undecodable.Error);
                        break;
                    case InSync:
                        inSync = true;
                        break;
                }

                if (inSync && matters)
                {
                    await ApplyAsync(resources.Values, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An IPAM block whose CIDR, affinity and deletion mark are unchanged (its allocations change on every pod add and
    /// delete) renders the same configuration: no re-render for it.
    /// </summary>
    private static bool SameForBgp(Resource previous, Resource next) =>
        previous is Calico.Api.Resources.IPAMBlock old && next is Calico.Api.Resources.IPAMBlock now
        && string.Equals(old.Spec.Cidr, now.Spec.Cidr, StringComparison.Ordinal)
        && string.Equals(old.Spec.Affinity, now.Spec.Affinity, StringComparison.Ordinal)
        && old.Spec.Deleted == now.Spec.Deleted;

    private async Task ApplyAsync(IEnumerable<Resource> resources, CancellationToken ct)
    {
        var result = _renderer.Render(BgpSnapshot.FromResources(nodeName, resources));
        if (!result.Notes.SequenceEqual(_notes))
        {
            _notes = result.Notes;
            foreach (var note in _notes)
            {
                Log.Note(logger, note);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(paths.Config)!);
        var changed = await _writer.WriteIfChangedAsync(paths.Config, result.Config, ct).ConfigureAwait(false);
        if (_bird is { HasExited: true } exited)
        {
            Log.Exited(logger, exited.ExitCode);
            exited.Dispose();
            _bird = null;
        }

        if (_bird is null)
        {
            Start();
        }
        else if (changed)
        {
            await ReconfigureAsync(ct).ConfigureAwait(false);
        }
    }

    private void Start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Socket)!);
        Directory.CreateDirectory(Path.GetDirectoryName(paths.PidFile)!);
        var start = new ProcessStartInfo(birdBinary) { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "-c", paths.Config, "-s", paths.Socket, "-P", paths.PidFile })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _bird = Process.Start(start);
            Log.Started(logger, _bird?.Id ?? 0, paths.Config, paths.Socket);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.StartFailed(logger, birdBinary, e.Message);
        }
    }

    private async Task ReconfigureAsync(CancellationToken ct)
    {
        // BIRD may still be opening its socket just after a start: a few short tries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var client = await BirdControlClient.ConnectAsync(paths.Socket, BirdControlClient.DefaultTimeout, ct).ConfigureAwait(false);
                var reply = await client.SendAsync("configure", ct).ConfigureAwait(false);
                Log.Reconfigured(logger, string.Join(" / ", reply.Lines.Select(l => l.Text)));
                return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or BirdReplyException or TimeoutException)
            {
                if (attempt >= 5)
                {
                    Log.ReconfigureFailed(logger, e.Message);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops BIRD by its own PID (the child this runner started), never by name.</summary>
    private async Task StopAsync()
    {
        if (_bird is not { } bird)
        {
            return;
        }

        if (!bird.HasExited)
        {
            bird.Kill();
            await bird.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        bird.Dispose();
        _bird = null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "BIRD started (PID {Pid}) with {Config}; control socket {Socket}")]
        public static partial void Started(ILogger logger, int pid, string config, string socket);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "cannot start BIRD ({Binary}): {Reason}; BGP routes will not be exchanged")]
        public static partial void StartFailed(ILogger logger, string binary, string reason);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "BIRD exited with code {Code}; starting it again")]
        public static partial void Exited(ILogger logger, int code);

        [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "BIRD configuration changed; BIRD reloaded: {Reply}")]
        public static partial void Reconfigured(ILogger logger, string reply);

        [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "BIRD configuration changed but BIRD could not be told to reload: {Reason}")]
        public static partial void ReconfigureFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "BGP: {Note}")]
        public static partial void Note(ILogger logger, string note);

        [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "BGP: {Key} cannot be decoded and is treated as absent: {Error}")]
        public static partial void Undecodable(ILogger logger, string key, string error);
    }
}
