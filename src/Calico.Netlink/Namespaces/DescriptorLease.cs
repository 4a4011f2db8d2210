using Microsoft.Win32.SafeHandles;

namespace Calico.Netlink;

/// <summary>Keeps a namespace file descriptor open while a request that carries its number is in flight.</summary>
internal readonly struct DescriptorLease : IDisposable
{
    private readonly SafeFileHandle _handle;

    public DescriptorLease(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
        Descriptor = (int)handle.DangerousGetHandle();
    }

    public int Descriptor { get; }

    public void Dispose() => _handle?.DangerousRelease();
}
