using System.Text.Json.Serialization;
using Calico.Api.Serialization;

namespace Calico.Api.Values;

/// <summary>IPPool vxlanMode / ipipMode. An empty string in input means Never.</summary>
[JsonConverter(typeof(EncapModeJsonConverter))]
public enum EncapMode
{
    Never,
    Always,
    CrossSubnet,
}

[JsonConverter(typeof(StrictEnumConverter<RuleAction>))]
public enum RuleAction
{
    Allow,
    Deny,
    Log,
    Pass,
}

[JsonConverter(typeof(StrictEnumConverter<PolicyType>))]
public enum PolicyType
{
    Ingress,
    Egress,
}

[JsonConverter(typeof(StrictEnumConverter<IPPoolAllowedUse>))]
public enum IPPoolAllowedUse
{
    Workload,
    Tunnel,
    LoadBalancer,
}

[JsonConverter(typeof(StrictEnumConverter<AssignmentMode>))]
public enum AssignmentMode
{
    Automatic,
    Manual,
}

[JsonConverter(typeof(StrictEnumConverter<TierDefaultAction>))]
public enum TierDefaultAction
{
    Deny,
    Pass,
}
