using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>The calc graph sent a message the dataplane could not apply safely (a referent missing, a member duplicated, ...).</summary>
public sealed class DataplaneContractException(DataplaneMessage message, string reason)
    : Exception($"contract broken by {Describe(message)}: {reason}")
{
    public DataplaneMessage Offending { get; } = message;

    private static string Describe(DataplaneMessage message) => message switch
    {
        ActivePolicyUpdate update => $"ActivePolicyUpdate {Format.Policy(update.Id)}",
        WorkloadEndpointUpdate update => $"WorkloadEndpointUpdate {update.Id}",
        HostEndpointUpdate update => $"HostEndpointUpdate {update.Id}",
        _ => message.ToString(),
    };
}
