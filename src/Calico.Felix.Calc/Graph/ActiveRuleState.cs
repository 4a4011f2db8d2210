using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Graph;

/// <summary>A policy or profile as the active rules calculator tracks it: its current value and the sets it holds while active.</summary>
internal sealed class ActiveRuleState<TValue>
    where TValue : class
{
    /// <summary>The current value; null while a profile is named by an endpoint but does not exist.</summary>
    public TValue? Value { get; set; }

    /// <summary>Local endpoints selecting (policy) or naming (profile) it.</summary>
    public int LocalReferences { get; set; }

    /// <summary>The IP sets referenced on its behalf while it is active; null while inactive.</summary>
    public IpSetDescriptor[]? HeldSets { get; set; }

    public bool ShouldBeActive => Value is not null && LocalReferences > 0;
}
