namespace Calico.Node.Bgp;

/// <summary>
/// Where calico-node keeps BIRD's files: the rendered configuration (CALICO_BIRD_CONFIG, default
/// /etc/calico/confd/config/bird.cfg), the control socket calicoctl node status reads (CALICO_BIRD_SOCKET, default
/// /var/run/calico/bird.ctl) and BIRD's PID file (CALICO_BIRD_PIDFILE, default /var/run/calico/bird.pid). A lab sets all
/// three per node, so that nodes on one machine never share them.
/// </summary>
public sealed record BirdPaths(string Config, string Socket, string PidFile)
{
    public static BirdPaths Default { get; } = new("/etc/calico/confd/config/bird.cfg", "/var/run/calico/bird.ctl", "/var/run/calico/bird.pid");
}
