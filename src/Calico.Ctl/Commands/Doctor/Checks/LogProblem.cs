namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>A warning or error line of a calico-node log: when, how bad (<c>warn</c>, <c>fail</c>, <c>crit</c>), which logger and what.</summary>
internal sealed record LogProblem(DateTime Time, string Level, string Category, string Message)
{
    /// <summary>Felix, CNI, BGP or dataplane: the component the seed's log check names.</summary>
    public string Component => Category switch
    {
        _ when Category.StartsWith("felix.dataplane", StringComparison.Ordinal) || Category.StartsWith("felix.nftables", StringComparison.Ordinal)
            || Category.StartsWith("felix.routes", StringComparison.Ordinal) || Category.StartsWith("felix.vxlan", StringComparison.Ordinal) => "dataplane",
        _ when Category.StartsWith("felix", StringComparison.Ordinal) => "Felix",
        _ when Category.StartsWith("bgp", StringComparison.Ordinal) => "BGP",
        _ when Category.StartsWith("cni", StringComparison.Ordinal) => "CNI",
        _ => Category,
    };
}
