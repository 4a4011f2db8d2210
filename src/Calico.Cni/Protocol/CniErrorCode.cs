namespace Calico.Cni.Protocol;

/// <summary>Error codes of the CNI specification (1-99 reserved), plus this plugin's own (100+).</summary>
public enum CniErrorCode
{
    IncompatibleVersion = 1,
    UnsupportedField = 2,
    UnknownContainer = 3,
    InvalidEnvironment = 4,
    IoFailure = 5,
    DecodeFailure = 6,
    InvalidNetworkConfig = 7,
    TryAgainLater = 11,

    /// <summary>No IP pool can give this pod an address (none match, all disabled, or all full).</summary>
    NoAddressAvailable = 100,

    /// <summary>The datastore could not be reached or stayed locked past the timeout.</summary>
    DatastoreUnavailable = 101,

    /// <summary>Programming the pod's interface, addresses or routes failed.</summary>
    DataplaneFailure = 102,

    /// <summary>CHECK found the pod's network not as ADD left it.</summary>
    CheckFailed = 103,
}
