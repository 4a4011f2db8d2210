namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>A pod the lab started: namespace, name, node, network namespace and the addresses CNI gave it.</summary>
internal sealed record LabViewPod(string Namespace, string Name, string Node, string NetworkNamespace, IReadOnlyList<string> Addresses)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Key => $"{Namespace}/{Name}";
}
