using System.Net;

namespace Calico.Policy.Evaluation;

/// <summary>A flow with its addresses resolved and the members that own them, as rule matching needs it.</summary>
internal sealed record FlowContext(
    int IpVersion,
    int Protocol,
    IPAddress Source,
    IPAddress Destination,
    int? SourcePort,
    int? DestinationPort,
    int? IcmpType,
    int? IcmpCode,
    IReadOnlyList<AddressMember> SourceMembers,
    IReadOnlyList<AddressMember> DestinationMembers);
