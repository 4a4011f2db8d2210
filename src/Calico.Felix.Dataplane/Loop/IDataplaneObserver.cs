namespace Calico.Felix.Dataplane.Loop;

/// <summary>Told what the dataplane loop achieved (health, metrics, waiting tests). Called from the loop; must be quick.</summary>
public interface IDataplaneObserver
{
    /// <summary>The dataplane now enforces everything up to <paramref name="revision"/>; <paramref name="inSync"/> once the first full snapshot is in.</summary>
    public void OnProgrammed(long revision, bool inSync);

    /// <summary>An apply failed; nothing of it reached the kernel and it will be retried.</summary>
    public void OnApplyFailed(Exception error);
}
