using Calico.Bgp.Rendering;
using Calico.Testing;

namespace Calico.Bgp.Tests.Rendering;

public sealed class BirdConfigWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"calico-test-bgp-{UniqueNames.Lab()}");

    public BirdConfigWriterTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WriteIfChangedAsync_NewThenSameThenDifferent_WritesOnlyOnChange()
    {
        var path = Path.Combine(_directory, "bird.cfg");
        var writer = new BirdConfigWriter();

        Assert.True(await writer.WriteIfChangedAsync(path, "router id 10.0.0.1;\n", CancellationToken.None));
        var firstWrite = File.GetLastWriteTimeUtc(path);
        Assert.False(await writer.WriteIfChangedAsync(path, "router id 10.0.0.1;\n", CancellationToken.None));
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(path));
        Assert.True(await writer.WriteIfChangedAsync(path, "router id 10.0.0.2;\n", CancellationToken.None));

        Assert.Equal("router id 10.0.0.2;\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["bird.cfg"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
