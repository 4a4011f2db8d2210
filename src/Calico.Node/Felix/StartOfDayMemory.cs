using System.Runtime.InteropServices;

namespace Calico.Node.Felix;

/// <summary>
/// Gives back what start-of-day used only once: the managed garbage of decoding the whole datastore and rendering the
/// whole ruleset (one compacting, aggressive collection, which returns free heap to the OS), and the native heap that
/// libnftables grew while parsing a ruleset of hundreds of thousands of elements (glibc keeps freed memory in its
/// arenas; <c>malloc_trim</c> returns it). Called once, after the first full snapshot is programmed.
/// </summary>
internal static partial class StartOfDayMemory
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
