namespace Calico.Felix.Calc.Graph;

/// <summary>What can be a member of an IP set: a workload or host endpoint (on any node) or a network set.</summary>
internal enum LabelledItemKind
{
    Workload,
    Host,
    NetworkSet,
    GlobalNetworkSet,
}
