namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// What Felix's filter rendering is configured with (FelixConfiguration fields of the same meaning).
/// </summary>
public sealed record FilterRulesOptions
{
    /// <summary>The defaults: Calico's marks, workload interfaces <c>cali*</c>, no encapsulated packets from workloads.</summary>
    public static FilterRulesOptions Default { get; } = new();

    /// <summary>The mark bits the chains communicate through.</summary>
    public MarkBits Marks { get; init; } = MarkBits.Calico;

    /// <summary>
    /// Interface name prefixes of workloads (FelixConfiguration interfacePrefix). A packet to or from an interface
    /// with one of these prefixes that no workload endpoint owns is dropped (fail closed).
    /// </summary>
    public IReadOnlyList<string> WorkloadInterfacePrefixes { get; init; } = ["cali"];

    /// <summary>The prefix of the kernel log line a Log rule writes (the text is followed by ": ").</summary>
    public string LogPrefix { get; init; } = "calico-packet";

    /// <summary>Let workloads send VXLAN (UDP 4789) packets (allowVXLANPacketsFromWorkloads); dropped by default.</summary>
    public bool AllowVxlanFromWorkloads { get; init; }

    /// <summary>Let workloads send IP-in-IP packets (allowIPIPPacketsFromWorkloads); dropped by default.</summary>
    public bool AllowIpipFromWorkloads { get; init; }

    /// <summary>The VXLAN UDP port (vxlanPort).</summary>
    public int VxlanPort { get; init; } = 4789;
}
