using System.Net.Sockets;
using Calico.Bgp.Control;
using Calico.Testing;

namespace Calico.Bgp.Tests.Control;

public sealed class BirdControlClientTests
{
    [Fact]
    public async Task ShowProtocolsAsync_RecordedReply_ReturnsTheBgpSessions()
    {
        await using var bird = FakeBirdSocket.ReplayingRecorded();
        await using var client = await BirdControlClient.ConnectAsync(bird.Path, BirdControlClient.DefaultTimeout, CancellationToken.None);

        var protocols = await client.ShowProtocolsAsync(CancellationToken.None);

        Assert.Equal(["Mesh_10_250_44_2", "Global_10_250_44_9"], protocols.Where(p => p.IsBgp).Select(p => p.Name));
        Assert.Equal(["show protocols"], bird.Commands);
    }

    [Fact]
    public async Task SendAsync_ErrorReply_Throws()
    {
        await using var bird = FakeBirdSocket.ReplayingRecorded();
        await using var client = await BirdControlClient.ConnectAsync(bird.Path, BirdControlClient.DefaultTimeout, CancellationToken.None);

        await Assert.ThrowsAsync<BirdReplyException>(async () => await client.SendAsync("show nonsense", CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_NoFinalLine_TimesOut()
    {
        await using var bird = new FakeBirdSocket(_ => "1002-kernel1 Kernel master4 up 06:08:36.569\n");
        await using var client = await BirdControlClient.ConnectAsync(bird.Path, BirdControlClient.DefaultTimeout, CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(async () => await client.ShowProtocolsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_NoSocket_ThrowsSocketException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"calico-test-bgp-{UniqueNames.Lab()}.ctl");

        await Assert.ThrowsAnyAsync<SocketException>(async () => await BirdControlClient.ConnectAsync(path, BirdControlClient.DefaultTimeout, CancellationToken.None));
    }
}
