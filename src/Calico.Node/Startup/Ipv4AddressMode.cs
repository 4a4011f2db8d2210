namespace Calico.Node.Startup;

/// <summary>Where this node's IPv4 address comes from (the <c>IP</c> environment variable).</summary>
public enum Ipv4AddressMode
{
    /// <summary>IP unset: autodetect, but only while the Node has no IPv4 address yet (Calico's rule).</summary>
    Default,

    /// <summary><c>IP=autodetect</c>: autodetect on every registration pass.</summary>
    Autodetect,

    /// <summary><c>IP=none</c>: never set; an existing value is kept.</summary>
    None,

    /// <summary><c>IP=ADDRESS[/PREFIX]</c>.</summary>
    Explicit,
}
