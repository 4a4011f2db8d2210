namespace Calico.Ipam.Tests;

/// <summary>How a <see cref="FaultyDatastore"/> fails at its chosen write.</summary>
public enum FaultMode
{
    /// <summary>Throws instead of writing (the process died before the commit).</summary>
    ThrowBefore,

    /// <summary>Writes, then throws (the commit happened; the process died before hearing about it).</summary>
    ThrowAfter,

    /// <summary>Never returns and never writes (the process froze before the commit).</summary>
    StopBefore,

    /// <summary>Writes, then never returns (the process froze after the commit).</summary>
    StopAfter,
}
