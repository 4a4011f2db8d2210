namespace Calico.Node.Startup;

/// <summary>The IPv4 autodetection methods of IP_AUTODETECTION_METHOD.</summary>
public enum AutodetectionMethodKind
{
    /// <summary><c>first-found</c>: the first global address on an interface outside Calico's default exclusions.</summary>
    FirstFound,

    /// <summary><c>interface=REGEX[,REGEX…]</c>: the first global address on an interface whose name matches one.</summary>
    Interface,

    /// <summary><c>skip-interface=REGEX[,REGEX…]</c>: first-found, also skipping interfaces that match one.</summary>
    SkipInterface,

    /// <summary><c>can-reach=DEST</c>: the source address the kernel picks to reach DEST.</summary>
    CanReach,

    /// <summary><c>cidr=CIDR[,CIDR…]</c>: the first global address inside one of the CIDRs, on any interface.</summary>
    Cidr,
}
