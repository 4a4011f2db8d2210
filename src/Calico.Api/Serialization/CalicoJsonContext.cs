using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;

namespace Calico.Api.Serialization;

/// <summary>Source-generated serialization for every kind: camelCase, nulls omitted, unknown fields rejected.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(IPPool))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(GlobalNetworkPolicy))]
[JsonSerializable(typeof(Tier))]
[JsonSerializable(typeof(NetworkSet))]
[JsonSerializable(typeof(GlobalNetworkSet))]
[JsonSerializable(typeof(HostEndpoint))]
[JsonSerializable(typeof(WorkloadEndpoint))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(BGPPeer))]
[JsonSerializable(typeof(BGPConfiguration))]
[JsonSerializable(typeof(FelixConfiguration))]
[JsonSerializable(typeof(ClusterInformation))]
[JsonSerializable(typeof(KubeControllersConfiguration))]
[JsonSerializable(typeof(IPAMBlock))]
[JsonSerializable(typeof(BlockAffinity))]
[JsonSerializable(typeof(IPAMHandle))]
[JsonSerializable(typeof(IPAMConfiguration))]
[JsonSerializable(typeof(KubeNamespace))]
[JsonSerializable(typeof(KubePod))]
[JsonSerializable(typeof(KubeServiceAccount))]
[JsonSerializable(typeof(KubeNetworkPolicy))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CalicoJsonContext : JsonSerializerContext
{
}
