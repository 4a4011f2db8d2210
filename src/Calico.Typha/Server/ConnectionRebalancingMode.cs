namespace Calico.Typha.Server;

/// <summary>How a Typha sheds connections so that clients spread over the Typhas.</summary>
public enum ConnectionRebalancingMode
{
    /// <summary>Only the upper limit applies: connections beyond it are refused.</summary>
    None,

    /// <summary>
    /// Connections above <see cref="TyphaServerOptions.MaxConnectionsLowerLimit"/> are shed, one per
    /// <see cref="TyphaServerOptions.ConnectionDropInterval"/>; a shed client reconnects to the next Typha in its list.
    /// (Calico's kubernetes mode computes the target from the numbers of nodes and Typhas, with the lower limit as a floor;
    /// without a Kubernetes API the floor is the target.)
    /// </summary>
    Static,
}
