using System.Net;
using System.Runtime.CompilerServices;

namespace Calico.Nftables.Benchmarks;

/// <summary>
/// The managed heap a table keeps for its IP set members once they are programmed (desired and programmed sides of
/// the element trackers): 200 interval sets of 1000 IPv4 addresses and 100 named-port sets of 500
/// <c>address . protocol . port</c> members (the shapes Felix's IP sets take), applied to the kernel; the live heap after
/// a full collection with the table, minus the same once the table is gone. Run on two builds to compare representations.
/// </summary>
internal static class MemberMemory
{
    private const int AddressSets = 200;
    private const int AddressesPerSet = 1000;
    private const int PortSets = 100;
    private const int MembersPerPortSet = 500;

    public static int Elements => (AddressSets * AddressesPerSet) + (PortSets * MembersPerPortSet);

    /// <summary>Live heap with the programmed table minus the live heap once it is gone (so pooled buffers the transaction left behind do not count).</summary>
    public static async Task<long> RetainedBytesAsync(INftClient client)
    {
        var withTable = await LiveHeapWithTableAsync(client);
        // After an apply through libnftables the table stays reachable until the client serves its next request (from
        // where was not found; not the worker thread's frame: answering each request in a method of its own did not
        // change it), so send one before measuring the heap without the table.
        await client.RunAsync("list tables");
        return withTable - GC.GetTotalMemory(forceFullCollection: true);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<long> LiveHeapWithTableAsync(INftClient client)
    {
        using var table = new NftablesTableFactory().Create(client, new NftablesTableOptions { Name = "calico-mem" });
        Populate(table);
        await table.ApplyAsync();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(table);
        return live;
    }

    private static void Populate(ITable table)
    {
        for (var s = 0; s < AddressSets; s++)
        {
            table.UpdateSet(SetSpec.Ipv4Networks($"cali40s-mem{s}"), Enumerable.Range(0, AddressesPerSet).Select(i => SetElement.Address(Address((s * AddressesPerSet) + i))));
        }

        for (var s = 0; s < PortSets; s++)
        {
            table.UpdateSet(new SetSpec($"cali40n-mem{s}", SetKeyType.Ipv4AddressProtocolPort),
                Enumerable.Range(0, MembersPerPortSet).Select(i => SetElement.AddressProtocolPort(Address((s * MembersPerPortSet) + i), 6, (ushort)(8000 + (i % 100)))));
        }
    }

    private static IPAddress Address(int n) => new([10, (byte)(64 + (n >> 16)), (byte)(n >> 8), (byte)n]);
}
