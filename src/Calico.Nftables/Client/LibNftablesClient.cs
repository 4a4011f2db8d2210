using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Calico.Netlink;
using Calico.Nftables.Interop;

namespace Calico.Nftables;

/// <summary>
/// libnftables by P/Invoke. libnftables acts on the network namespace of the calling thread, so the client owns one
/// dedicated thread that enters the namespace (<see cref="NetworkNamespace.RunAsync{T}"/>), creates the nft context
/// there and serves every request from a queue until the client is disposed; no other thread ever touches the
/// context, and no thread-pool thread ever changes namespace. Callers await a task; continuations run on the pool.
/// </summary>
internal sealed class LibNftablesClient : INftClient
{
    private readonly BlockingCollection<NftRequest> _requests = [];
    private readonly NetworkNamespace _namespace;
    private readonly Task _worker;

    public LibNftablesClient(NetworkNamespace ns)
    {
        _namespace = ns;
        _worker = ns.RunAsync(Serve);
        _ = _worker.ContinueWith(_ => FailQueued(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public string Backend => NftBackends.LibNftables;

    public ValueTask<string> RunAsync(string script, NftOutputFlags output = NftOutputFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<string>(cancellationToken);
        }

        var request = new NftRequest(script, output, cancellationToken);
        try
        {
            _requests.Add(request, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(LibNftablesClient), e);
        }

        if (_worker.IsCompleted)
        {
            FailQueued();
        }

        return new ValueTask<string>(request.Completion.Task);
    }

    public void Dispose() => _requests.CompleteAdding();

    public async ValueTask DisposeAsync()
    {
        _requests.CompleteAdding();
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (Exception e) when (e is NetlinkException or NftablesException)
        {
            // The thread never got into the namespace; every request was already failed with the reason.
        }

        _requests.Dispose();
    }

    public override string ToString() => $"libnftables in {_namespace}";

    /// <summary>The thread's body, inside the namespace: one context for the client's lifetime.</summary>
    private bool Serve()
    {
        nint context = 0;
        NftablesException? startFailure = null;
        try
        {
            context = LibNftables.ContextNew(LibNftables.ContextDefault);
            if (context == 0)
            {
                startFailure = new NftablesException($"create an nft context in {_namespace}", "nft_ctx_new returned NULL");
            }
            else if (LibNftables.BufferOutput(context) != 0 || LibNftables.BufferError(context) != 0)
            {
                startFailure = new NftablesException($"create an nft context in {_namespace}", "nft_ctx_buffer_output/error failed");
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            startFailure = new NftablesException($"load {LibNftables.Library}", e.Message, inner: e);
        }

        try
        {
            foreach (var request in _requests.GetConsumingEnumerable())
            {
                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Completion.TrySetCanceled(request.CancellationToken);
                }
                else if (startFailure is not null)
                {
                    request.Completion.TrySetException(startFailure);
                }
                else
                {
                    try
                    {
                        request.Completion.TrySetResult(Execute(context, request.Script, request.Output));
                    }
                    catch (NftablesException e)
                    {
                        request.Completion.TrySetException(e);
                    }
                }
            }
        }
        finally
        {
            if (context != 0)
            {
                LibNftables.ContextFree(context);
            }
        }

        return true;
    }

    private unsafe string Execute(nint context, string script, NftOutputFlags output)
    {
        LibNftables.OutputSetFlags(context, (uint)output);
        var length = Encoding.UTF8.GetMaxByteCount(script.Length) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(script, buffer);
            buffer[written] = 0;
            int result;
            fixed (byte* text = buffer)
            {
                result = LibNftables.RunCommandFromBuffer(context, text);
            }

            var printed = ReadString(LibNftables.GetOutputBuffer(context));
            var errorText = ReadString(LibNftables.GetErrorBuffer(context));
            if (result == 0)
            {
                return printed;
            }

            var errors = NftErrorParser.Parse(errorText);
            if (!script.Contains('\n', StringComparison.Ordinal))
            {
                errors = [.. errors.Select(e => e with { Line = 1 })];
            }
            else if (errors.All(e => e.Line is null))
            {
                // libnftables 1.0.6 omits the line of an error in a buffer; replay in check mode from a file to find it.
                var (located, locatedText) = Locate(context, buffer.AsSpan(0, written));
                if (located.Any(e => e.Line is not null))
                {
                    (errors, errorText) = (located, locatedText);
                }
            }

            var line = errors.FirstOrDefault(e => e.Line is not null)?.Line;
            throw new NftablesException($"run nft script in {_namespace}", errorText, errors, NftErrorParser.LineOf(script, line));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs the script again in check mode (nothing is committed) from a memfd, whose errors carry line numbers.</summary>
    private static unsafe (IReadOnlyList<NftError> Errors, string Text) Locate(nint context, ReadOnlySpan<byte> script)
    {
        int fd;
        fixed (byte* name = "calico-nft\0"u8)
        {
            fd = LibC.MemfdCreate(name, LibC.MfdCloexec);
        }

        if (fd < 0)
        {
            return ([], string.Empty);
        }

        try
        {
            fixed (byte* start = script)
            {
                for (var offset = 0; offset < script.Length;)
                {
                    var count = LibC.Write(fd, start + offset, (nuint)(script.Length - offset));
                    if (count <= 0)
                    {
                        return ([], string.Empty);
                    }

                    offset += (int)count;
                }
            }

            var path = Encoding.UTF8.GetBytes($"/proc/self/fd/{fd}\0");
            LibNftables.SetDryRun(context, 1);
            try
            {
                fixed (byte* file = path)
                {
                    _ = LibNftables.RunCommandFromFilename(context, file);
                }
            }
            finally
            {
                LibNftables.SetDryRun(context, 0);
            }

            _ = ReadString(LibNftables.GetOutputBuffer(context));
            var text = ReadString(LibNftables.GetErrorBuffer(context));
            return (NftErrorParser.Parse(text), text);
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private static unsafe string ReadString(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary>After the thread has ended (or never entered the namespace), fails whatever is still queued.</summary>
    private void FailQueued()
    {
        var reason = _worker.Exception?.InnerException;
        while (_requests.TryTake(out var request))
        {
            request.Completion.TrySetException(reason is null
                ? new ObjectDisposedException(nameof(LibNftablesClient))
                : new NftablesException($"run nft script in {_namespace}", reason.Message, inner: reason));
        }
    }
}
