namespace Basalt.Api.Items;

/// <summary>
/// Hybrid logical clock for item write timestamps: physical milliseconds in the high 48 bits, a
/// logical counter in the low 16, strictly increasing across calls even if the wall clock stalls
/// or steps back.
/// </summary>
public sealed class HybridClock(TimeProvider time)
{
    private long _last;

    public ulong Next()
    {
        var physical = time.GetUtcNow().ToUnixTimeMilliseconds() << 16;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(physical, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }
}
