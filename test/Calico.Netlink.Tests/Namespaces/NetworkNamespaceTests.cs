using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Namespaces;

[Collection(KernelCollection.Name)]
public sealed class NetworkNamespaceTests
{
    [Fact]
    public void Open_MissingPath_ThrowsNamingPathAndErrno()
    {
        var path = $"/var/run/netns/{TestNamespace.Prefix}nl-does-not-exist";

        var error = Assert.Throws<NetlinkException>(() => NetworkNamespace.Open(path));

        Assert.Equal(Errno.ENOENT, error.Error);
        Assert.True(error.IsNotFound);
        Assert.Equal($"open network namespace {path}: No such file or directory (ENOENT)", error.Message);
    }

    [Fact]
    public void Open_FileThatIsNotANamespace_ThrowsEinval()
    {
        var error = Assert.Throws<NetlinkException>(() => NetworkNamespace.Open("/proc/self/status"));

        Assert.Equal(Errno.EINVAL, error.Error);
        Assert.Contains("not a network namespace file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenNamed_NameWithSlash_IsRejected() =>
        Assert.Throws<ArgumentException>(() => NetworkNamespace.OpenNamed("../../etc"));

    [Fact]
    public void OpenCurrent_SameAsProcessNamespace()
    {
        using var current = NetworkNamespace.OpenCurrent();
        using var self = NetworkNamespace.Open("/proc/self/ns/net");

        Assert.True(current.IsSameAs(self));
        Assert.NotEqual(0UL, current.Inode);
    }

    [RootFact]
    public void Run_ExecutesInsideTheNamespace_AndCallerStaysOutside()
    {
        using var test = TestNamespace.Create("nl", "run");
        using var before = NetworkNamespace.OpenCurrent();

        var inside = test.Handle.Run(() =>
        {
            using var seen = NetworkNamespace.OpenCurrent();
            return seen.Inode;
        });

        using var after = NetworkNamespace.OpenCurrent();
        Assert.Equal(test.Handle.Inode, inside);
        Assert.True(before.IsSameAs(after));
        Assert.NotEqual(test.Handle.Inode, after.Inode);
    }

    [Fact]
    public void Run_AlreadyInsideTheNamespace_RunsOnTheCallingThread()
    {
        using var current = NetworkNamespace.OpenCurrent();
        var caller = Environment.CurrentManagedThreadId;

        var runner = current.Run(() => Environment.CurrentManagedThreadId);

        Assert.Equal(caller, runner);
    }

    [RootFact]
    public void Run_OtherNamespace_RunsOnADedicatedThread()
    {
        using var test = TestNamespace.Create("nl", "thread");
        var caller = Environment.CurrentManagedThreadId;

        var runner = test.Handle.Run(() => Environment.CurrentManagedThreadId);

        Assert.NotEqual(caller, runner);
    }

    [RootFact]
    public async Task RunAsync_ContinuationRunsOutsideTheNamespace()
    {
        using var test = TestNamespace.Create("nl", "runasync");
        using var outside = NetworkNamespace.OpenCurrent();

        var inside = await test.Handle.RunAsync(() =>
        {
            using var seen = NetworkNamespace.OpenCurrent();
            return seen.Inode;
        });

        using var continuation = NetworkNamespace.OpenCurrent();
        Assert.Equal(test.Handle.Inode, inside);
        Assert.True(continuation.IsSameAs(outside));
    }

    [RootFact]
    public void Run_ActionThrows_ExceptionReachesCaller()
    {
        using var test = TestNamespace.Create("nl", "throws");

        var error = Assert.Throws<InvalidOperationException>(() => test.Handle.Run(() => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void Run_AsyncAction_IsRejected()
    {
        using var current = NetworkNamespace.OpenCurrent();

        Func<Task> task = () => Task.CompletedTask;
        Func<ValueTask<int>> valueTask = () => ValueTask.FromResult(1);

        void RunTask() => _ = current.Run(task);
        void RunValueTask() => _ = current.Run(valueTask);

        Assert.Throws<ArgumentException>(RunTask);
        Assert.Throws<ArgumentException>(RunValueTask);
    }

    [Fact]
    public void Run_AfterDispose_Throws()
    {
        var current = NetworkNamespace.OpenCurrent();
        current.Dispose();

        Assert.Throws<ObjectDisposedException>(() => current.Run(() => 1));
    }
}
