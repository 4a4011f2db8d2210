namespace Calico.Ctl;

/// <summary>Whether a calico-node process runs on this machine (calicoctl node status's first line); faked in tests.</summary>
public interface ICalicoProcessProbe
{
    public bool IsCalicoNodeRunning();
}
