using System.Runtime.InteropServices;

namespace Calico.Observability.Memory;

/// <summary>
/// Gives back what a daemon's start-of-day used only once: the managed garbage of decoding the whole datastore (and,
/// in calico-node, rendering the whole ruleset) in one compacting, aggressive collection, which returns free heap to
/// the OS; and the native heap that libnftables or SQLite grew meanwhile (glibc keeps freed memory in its arenas;
/// <c>malloc_trim</c> returns it). calico-node calls it once after its first full snapshot is programmed, calico-typha
/// once when its snapshot is first in sync.
/// </summary>
public static partial class StartOfDayMemory
{
    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): nothing to give back this way.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
