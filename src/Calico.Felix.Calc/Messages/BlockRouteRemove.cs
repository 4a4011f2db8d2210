using Calico.Core;

namespace Calico.Felix.Calc.Messages;

/// <summary>A block no longer needs a route (deleted, its affinity released, or no pool holds it any more).</summary>
public sealed record BlockRouteRemove(Cidr Block) : DataplaneMessage;
