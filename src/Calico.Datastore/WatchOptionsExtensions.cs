namespace Calico.Datastore;

/// <summary>Watch filtering and argument checks shared by every backend.</summary>
internal static class WatchOptionsExtensions
{
    public static void ThrowIfInvalid(this WatchOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        if (options.Kind is not null)
        {
            ResourceKeyExtensions.ThrowIfInvalidKind(options.Kind, paramName);
        }

        ResourceKeyExtensions.ThrowIfInvalidNamespace(options.Namespace, paramName);
        ArgumentOutOfRangeException.ThrowIfNegative(options.AfterRevision, paramName);
    }

    public static bool Matches(this WatchOptions options, ResourceKey key) =>
        (options.Kind is null || string.Equals(options.Kind, key.Kind, StringComparison.Ordinal)) &&
        (options.Namespace is null || string.Equals(options.Namespace, key.Namespace, StringComparison.Ordinal));
}
