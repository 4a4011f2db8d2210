using System.Net;

namespace Calico.Datastore.Etcd;

/// <summary>
/// The request side of a bidirectional gRPC stream: sends the given frames, then keeps the HTTP/2 request body open
/// (a half-closed request would end etcd's watch) until <see cref="Complete"/> is called.
/// </summary>
internal sealed class WatchRequestContent : HttpContent
{
    private readonly byte[] _frame;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchRequestContent(byte[] frame)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("content-type", "application/grpc");
    }

    /// <summary>Ends the request body.</summary>
    public void Complete() => _completed.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        Complete();
        base.Dispose(disposing);
    }
}
