using Basalt.Simulation;
using Basalt.Simulation.Cluster;

namespace Basalt.Replication.Tests.Simulation;

/// <summary>The simulated disk's fault model: synced writes survive, unsynced ones survive only as a prefix.</summary>
public class SimDiskTests
{
    private static Entry E(ulong i) => new(i, 1, EntryType.Normal, new byte[] { (byte)i });

    [Fact]
    public void SyncedWritesSurviveACrash()
    {
        var disk = new SimDisk(RaftInitialState.Bootstrap(Membership.OfVoters(1)));
        disk.AppendEntries([E(1), E(2)]);
        disk.SetHardState(new HardState(1, 1, 2));
        disk.Sync();
        disk.Crash(new SimRandom(1), tornWrites: true);
        var state = disk.Load();
        Assert.Equal([1UL, 2UL], state.Entries.Select(e => e.Index));
        Assert.Equal(new HardState(1, 1, 2), state.HardState);
    }

    [Fact]
    public void UnsyncedWritesSurviveOnlyAsAPrefixPossiblyTorn()
    {
        var sawPartialBatch = false;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var disk = new SimDisk(RaftInitialState.Bootstrap(Membership.OfVoters(1)));
            disk.AppendEntries([E(1), E(2), E(3)]);
            disk.SetHardState(new HardState(1, 1, 3));
            disk.Crash(new SimRandom(seed), tornWrites: true);
            var state = disk.Load();
            var count = state.Entries.Count;
            Assert.InRange(count, 0, 3);
            Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), state.Entries.Select(e => e.Index));

            // The hard state (written after the entries) never survives without all of them.
            Assert.True(state.HardState == default || count == 3);
            sawPartialBatch |= count is 1 or 2;
        }

        Assert.True(sawPartialBatch, "torn writes never kept part of a batch");
    }
}
