namespace Calico.Felix.Calc.Messages;

/// <summary>
/// One instruction from the calculation graph to the dataplane (Felix's protobuf messages). The graph emits them in
/// dependency order: IP sets before the policies that use them, policies and profiles before the endpoints that refer
/// to them, and removals in the reverse order. Every message is immutable.
/// </summary>
public abstract record DataplaneMessage;
