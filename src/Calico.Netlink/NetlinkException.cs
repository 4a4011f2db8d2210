using System.Runtime.InteropServices;

namespace Calico.Netlink;

/// <summary>
/// A kernel call made by this library failed: an rtnetlink request answered with NLMSG_ERROR, or a namespace or
/// socket system call. The message names the operation and the object, then the error, for example
/// <c>add route 192.168.0.5/32 dev cali1234: File exists (EEXIST)</c>.
/// </summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, Errno error, string? kernelMessage = null)
        : base(Format(operation, error, kernelMessage))
    {
        Operation = operation;
        Error = error;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was attempted, naming the object ("add route 10.0.0.0/24 dev eth0").</summary>
    public string Operation { get; }

    /// <summary>The errno the kernel returned.</summary>
    public Errno Error { get; }

    /// <summary>The errno as a number.</summary>
    public int ErrorNumber => (int)Error;

    /// <summary>The kernel's extended-ack text, when it sent one.</summary>
    public string? KernelMessage { get; }

    /// <summary>The object does not exist (ENOENT, ENODEV, ESRCH, EADDRNOTAVAIL for addresses).</summary>
    public bool IsNotFound => Error is Errno.ENOENT or Errno.ENODEV or Errno.ESRCH or Errno.EADDRNOTAVAIL;

    /// <summary>The object already exists (EEXIST).</summary>
    public bool IsAlreadyExists => Error == Errno.EEXIST;

    private static string Format(string operation, Errno error, string? kernelMessage)
    {
        var text = $"{operation}: {Marshal.GetPInvokeErrorMessage((int)error)} ({error})";
        return string.IsNullOrEmpty(kernelMessage) ? text : $"{text}; kernel says: {kernelMessage}";
    }
}
