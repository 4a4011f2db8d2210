using Calico.Api.Serialization;

namespace Calico.Ctl.Commands;

/// <summary>Re-runs a read-modify-write that lost a race with another writer (label, patch): the user's intent does not depend on what was read.</summary>
internal static class ConflictRetry
{
    private const int Attempts = 8;

    public static async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (ResourceInputException e) when (e.IsConflict && i < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * i)), ct).ConfigureAwait(false);
            }
        }
    }
}
