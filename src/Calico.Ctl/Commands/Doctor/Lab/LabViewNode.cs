namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>A lab node: its name, network namespace, underlay address with prefix (198.18.0.11/24) and CNI config.</summary>
internal sealed record LabViewNode(string Name, string Namespace, string Address, string CniConfigPath);
