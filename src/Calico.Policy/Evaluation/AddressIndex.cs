using System.Net;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Evaluation;

/// <summary>Finds the endpoints and network sets whose networks contain an address.</summary>
internal sealed class AddressIndex(PolicySnapshot snapshot)
{
    public IReadOnlyList<AddressMember> MembersFor(IPAddress address)
    {
        var result = new List<AddressMember>();
        foreach (var endpoint in snapshot.Endpoints)
        {
            if (endpoint.Owns(address))
            {
                result.Add(new AddressMember(endpoint.Labels, endpoint, null));
            }
        }

        foreach (var set in snapshot.NetworkSets)
        {
            foreach (var net in set.Nets)
            {
                if (net.Contains(address))
                {
                    result.Add(new AddressMember(set.Labels, null, set));
                    break;
                }
            }
        }

        return result;
    }
}
