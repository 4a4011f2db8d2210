using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Calico.Netlink.Interop;
using Microsoft.Win32.SafeHandles;

namespace Calico.Netlink;

/// <summary>
/// An open handle on a network namespace (a file descriptor on /var/run/netns/NAME, /proc/PID/ns/net…). Every
/// netlink operation of this library runs against one of these, never implicitly against "wherever the thread
/// happens to be". Code that must run inside the namespace (sockets, /proc/sys writes) goes through
/// <see cref="Run{T}"/> or <see cref="RunAsync{T}"/>: a dedicated OS thread enters the namespace with setns(2),
/// runs the synchronous action, returns to its original namespace and ends, so no other code (and no await
/// continuation) ever runs on a switched thread.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private const string NamedDirectory = "/var/run/netns";
    private const int ThreadStackSize = 512 * 1024;
    private const int AtFdCwd = -100;

    private readonly SafeFileHandle _handle;

    private NetworkNamespace(SafeFileHandle handle, string path, ulong inode)
    {
        _handle = handle;
        Path = path;
        Inode = inode;
    }

    /// <summary>The path the handle was opened from.</summary>
    public string Path { get; }

    /// <summary>The namespace's inode number (as in "net:[4026531840]"); equal inodes mean the same namespace.</summary>
    public ulong Inode { get; }

    /// <summary>Opens a namespace file; throws <see cref="NetlinkException"/> when it is missing or not a network namespace.</summary>
    public static unsafe NetworkNamespace Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var operation = $"open network namespace {path}";
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = utf8)
        {
            fd = LibC.Open(p, LibC.ORdOnly | LibC.OCloexec);
        }

        if (fd < 0)
        {
            throw new NetlinkException(operation, (Errno)Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var type = LibC.Ioctl(fd, LibC.NsGetNsType);
            if (type != LibC.CloneNewNet)
            {
                throw new NetlinkException($"{operation} (not a network namespace file)", Errno.EINVAL);
            }

            return new NetworkNamespace(handle, path, ReadInode(fd, operation));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a namespace created by <c>ip netns add NAME</c> (/var/run/netns/NAME).</summary>
    public static NetworkNamespace OpenNamed(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"\"{name}\" is not a namespace name", nameof(name));
        }

        return Open($"{NamedDirectory}/{name}");
    }

    /// <summary>Opens the namespace of a process (/proc/PID/ns/net).</summary>
    public static NetworkNamespace OpenForProcess(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return Open(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/ns/net"));
    }

    /// <summary>Opens the namespace of the calling thread (for a CNI plugin or calico-node: the host's).</summary>
    public static NetworkNamespace OpenCurrent() => Open("/proc/thread-self/ns/net");

    public bool IsSameAs(NetworkNamespace other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Inode == Inode;
    }

    /// <summary>
    /// Runs a synchronous action inside this namespace and waits for it: on a dedicated thread, or directly when the
    /// calling thread is already in this namespace (nothing to switch, so no thread is needed).
    /// </summary>
    public T Run<T>(Func<T> action)
    {
        RejectAsync<T>(action);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (CallingThreadIsInside())
        {
            return action();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = CreateThread(() =>
        {
            try
            {
                result = Enter(action);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.UnsafeStart();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(() =>
        {
            action();
            return true;
        });
    }

    /// <summary>
    /// Runs a synchronous action on a dedicated thread inside this namespace without blocking the caller. The task
    /// completes after the thread has left the namespace; continuations never run on that thread.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> action)
    {
        RejectAsync<T>(action);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = CreateThread(() =>
        {
            try
            {
                completion.SetResult(Enter(action));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        thread.UnsafeStart();
        return completion.Task;
    }

    public Task RunAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunAsync(() =>
        {
            action();
            return true;
        });
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"netns {Path}");

    internal DescriptorLease LeaseDescriptor()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new DescriptorLease(_handle);
    }

    private static void RejectAsync<T>(Delegate action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var type = typeof(T);
        if (typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask)
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            throw new ArgumentException(
                "the action must be synchronous: an awaited continuation would run outside the namespace (or, worse, inside it on another thread)",
                nameof(action));
        }
    }

    private Thread CreateThread(ThreadStart body) =>
        new(body, ThreadStackSize) { IsBackground = true, Name = "netns " + System.IO.Path.GetFileName(Path) };

    /// <summary>On the dedicated thread: setns into this namespace, run, setns back.</summary>
    private T Enter<T>(Func<T> action)
    {
        var original = OpenThreadNamespace();
        try
        {
            using (var lease = LeaseDescriptor())
            {
                if (LibC.SetNs(lease.Descriptor, LibC.CloneNewNet) != 0)
                {
                    throw new NetlinkException($"enter {this}", (Errno)Marshal.GetLastPInvokeError());
                }
            }

            try
            {
                return action();
            }
            finally
            {
                // If this fails the thread stays in the target namespace, but it is dedicated and ends right after.
                _ = LibC.SetNs(original, LibC.CloneNewNet);
            }
        }
        finally
        {
            _ = LibC.Close(original);
        }
    }

    private unsafe bool CallingThreadIsInside()
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        fixed (byte* path = "/proc/thread-self/ns/net\0"u8)
        {
            return LibC.Statx(AtFdCwd, path, 0, LibC.StatxIno, buffer) == 0
                && *(ulong*)(buffer + LibC.StatxInoOffset) == Inode;
        }
    }

    private static unsafe int OpenThreadNamespace()
    {
        fixed (byte* p = "/proc/thread-self/ns/net\0"u8)
        {
            var fd = LibC.Open(p, LibC.ORdOnly | LibC.OCloexec);
            return fd >= 0 ? fd : throw new NetlinkException("open the thread's own network namespace", (Errno)Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The namespace inode, from statx(2) on the descriptor (struct statx has one layout on every architecture).</summary>
    private static unsafe ulong ReadInode(int fd, string operation)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        fixed (byte* empty = ""u8)
        {
            if (LibC.Statx(fd, empty, LibC.AtEmptyPath, LibC.StatxIno, buffer) != 0)
            {
                throw new NetlinkException($"{operation} (statx)", (Errno)Marshal.GetLastPInvokeError());
            }
        }

        return *(ulong*)(buffer + LibC.StatxInoOffset);
    }
}
