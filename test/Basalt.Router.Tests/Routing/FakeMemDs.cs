using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;
using Basalt.Router.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Router.Tests.Routing;

/// <summary>
/// MemDS behind a network on virtual time: a lookup is answered <see cref="Latency"/> after it was
/// sent, from the store as it is then, when the test calls <see cref="Pump"/>. Records when each
/// lookup arrived; can be told to fail.
/// </summary>
internal sealed class FakeMemDs(MemDsStore store, FakeTimeProvider clock) : IMemDsClient
{
    private readonly List<(DateTimeOffset Due, ulong Table, ulong Hash, TaskCompletionSource<PartitionInfo?> Answer)> pending = [];

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(2);

    public bool Failing { get; set; }

    /// <summary>Arrival time of every lookup.</summary>
    public List<DateTimeOffset> Arrivals { get; } = [];

    public int Pending => pending.Count;

    public ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default)
    {
        Arrivals.Add(clock.GetUtcNow());
        var answer = new TaskCompletionSource<PartitionInfo?>();
        pending.Add((clock.GetUtcNow() + Latency, tableId, keyHash, answer));
        return new ValueTask<PartitionInfo?>(answer.Task);
    }

    /// <summary>Answers every lookup that is due by now (continuations run inline, here).</summary>
    public void Pump()
    {
        var now = clock.GetUtcNow();
        var due = pending.Where(p => p.Due <= now).ToList();
        pending.RemoveAll(p => p.Due <= now);
        foreach (var p in due)
        {
            if (Failing)
            {
                p.Answer.SetException(new IOException("MemDS unreachable"));
            }
            else
            {
                p.Answer.SetResult(store.TryFloor(p.Table, p.Hash, out var partition) ? partition : null);
            }
        }
    }

    /// <summary>Lookups that arrived in each whole virtual second since <paramref name="start"/>.</summary>
    public int[] PerSecond(DateTimeOffset start, int seconds)
    {
        var counts = new int[seconds];
        foreach (var at in Arrivals)
        {
            var s = (int)Math.Floor((at - start).TotalSeconds);
            if (s >= 0 && s < seconds)
            {
                counts[s]++;
            }
        }

        return counts;
    }
}
