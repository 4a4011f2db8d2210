namespace Calico.Selectors.Indexing;

/// <summary>How a selector is filed so that item changes find it.</summary>
internal enum PlacementKind
{
    /// <summary>No usable restriction: every changed item is checked against it.</summary>
    Unindexed,

    /// <summary>It can never match; it is filed nowhere and never evaluated.</summary>
    Unsatisfiable,

    /// <summary>Filed under (key, value) for each value the key must have.</summary>
    ByValue,

    /// <summary>Filed under a key that must be present (any value).</summary>
    ByPresence,
}
