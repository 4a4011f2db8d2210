namespace Calico.Felix.Testing;

/// <summary>
/// A clock that moves only when the test says so (<see cref="Advance"/>). Its timers fire after at most 20 ms of real
/// time whatever they were asked for, so a loop sleeping on it wakes often and re-reads <see cref="GetUtcNow"/>: the
/// loop's decisions depend on the test's steps, never on how fast the machine is.
/// </summary>
public sealed class SteppedClock : TimeProvider
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Shortened(dueTime), Shortened(period));

    private static TimeSpan Shortened(TimeSpan interval) => interval == Timeout.InfiniteTimeSpan || interval < s_poll ? interval : s_poll;
}
