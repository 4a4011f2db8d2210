using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Dataplane.Tests.Infrastructure;

internal static class FilterDataplaneExtensions
{
    /// <summary>One batch, as the dataplane loop runs it: every message to every manager, then each manager's deferred work.</summary>
    public static async Task SendAsync(this FilterDataplane filter, params DataplaneMessage[] messages)
    {
        foreach (var message in messages)
        {
            foreach (var manager in filter.Managers)
            {
                manager.OnUpdate(message);
            }
        }

        foreach (var manager in filter.Managers)
        {
            await manager.CompleteDeferredWorkAsync(default);
        }
    }
}
