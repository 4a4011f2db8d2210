namespace Calico.Datastore.Etcd;

/// <summary>An open bidirectional gRPC call: the response stream to read, and the request body to close at the end.</summary>
internal sealed class GrpcStreamingCall(HttpResponseMessage response, Stream responseStream, WatchRequestContent request) : IAsyncDisposable
{
    public Stream ResponseStream => responseStream;

    /// <summary>The gRPC status etcd ended the call with, once the response stream has ended; <see langword="null"/> if none.</summary>
    public EtcdRpcException? TrailerStatus() => EtcdGrpcConnection.StatusOf(response.TrailingHeaders);

    public async ValueTask DisposeAsync()
    {
        request.Complete();
        await responseStream.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        request.Dispose();
    }
}
