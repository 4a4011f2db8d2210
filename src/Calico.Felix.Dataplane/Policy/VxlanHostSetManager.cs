using System.Net;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Keeps <c>cali40all-vxlan-net</c> (Felix's all-vxlan-net): the underlay address of every node with a VXLAN tunnel
/// endpoint. cali-INPUT and cali-OUTPUT accept VXLAN (UDP 4789) from and to these addresses before host endpoint
/// policy, so a host endpoint on the underlay interface never cuts the overlay (as in Calico), while VXLAN from
/// anywhere else still meets that policy.
/// </summary>
internal sealed class VxlanHostSetManager(ITable table) : IManager
{
    private readonly Dictionary<string, IPAddress> _hosts = new(StringComparer.Ordinal);
    private bool _dirty;

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case VtepUpdate update when !_hosts.TryGetValue(update.Node, out var known) || !known.Equals(update.ParentAddress):
                _hosts[update.Node] = update.ParentAddress;
                _dirty = true;
                break;
            case VtepRemove remove:
                _dirty |= _hosts.Remove(remove.Node);
                break;
            default:
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_dirty)
        {
            table.UpdateSet(
                SetSpec.Ipv4Networks(FelixNames.AllVxlanHostsV4),
                [.. _hosts.Values.Distinct().OrderBy(a => a.ToString(), StringComparer.Ordinal).Select(a => SetElement.Network(Cidr.FromAddress(a)))]);
            _dirty = false;
        }

        return ValueTask.CompletedTask;
    }
}
