using System.Runtime.InteropServices;

namespace Calico.Nftables.Interop;

/// <summary>
/// libnftables.so.1, the library behind <c>nft</c> (nftables 1.0.x ABI). Every call acts on the network namespace of
/// the calling thread, so <see cref="LibNftablesClient"/> makes them all from one thread inside the namespace.
/// Blittable signatures only (AOT and trim safe).
/// </summary>
internal static unsafe partial class LibNftables
{
    public const string Library = "libnftables.so.1";

    /// <summary>NFT_CTX_DEFAULT.</summary>
    public const uint ContextDefault = 0;

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    public static partial nint ContextNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    public static partial void ContextFree(nint context);

    /// <summary>Collect output in a buffer instead of printing it to stdout.</summary>
    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int BufferOutput(nint context);

    /// <summary>Collect errors in a buffer instead of printing them to stderr.</summary>
    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int BufferError(nint context);

    /// <summary>The output buffered by the last run (owned by the context, valid until the next run).</summary>
    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial byte* GetOutputBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial byte* GetErrorBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_output_set_flags")]
    public static partial void OutputSetFlags(nint context, uint flags);

    /// <summary>Check mode (<c>nft -c</c>): the batch is sent and validated by the kernel, then aborted.</summary>
    [LibraryImport(Library, EntryPoint = "nft_ctx_set_dry_run")]
    public static partial void SetDryRun(nint context, byte dryRun);

    /// <summary>Parses and runs a NUL-terminated script; one netlink batch. 0 on success.</summary>
    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer")]
    public static partial int RunCommandFromBuffer(nint context, byte* buffer);

    /// <summary>As <see cref="RunCommandFromBuffer"/> but reading a file, so errors name their line.</summary>
    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_filename")]
    public static partial int RunCommandFromFilename(nint context, byte* fileName);
}
