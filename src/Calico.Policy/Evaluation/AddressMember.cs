using Calico.Policy.Snapshot;

namespace Calico.Policy.Evaluation;

/// <summary>
/// Something whose networks contain an address and whose labels rule selectors are evaluated against:
/// an endpoint or a network set (the members Felix puts in a selector's IP set).
/// </summary>
internal sealed record AddressMember(IReadOnlyDictionary<string, string> Labels, ModelEndpoint? Endpoint, ModelNetworkSet? NetworkSet);
