namespace Basalt.Replication.Tests.Raft;

/// <summary>Log compaction and snapshots (Raft paper §7), sent in chunks.</summary>
public class SnapshotTests
{
    private static TestCluster Chunked(int chunk = 10) =>
        TestCluster.OfVoters(3, id => new RaftConfig { Id = id, MaxSnapshotChunkBytes = chunk });

    [Fact]
    public void Compaction_DropsAppliedEntriesButKeepsTheirEffect()
    {
        var c = Chunked();
        c.Elect(1);
        c.Propose(1, "a");
        c.Compact(1, new byte[5]);
        Assert.Equal(c[1].AppliedIndex, c[1].SnapshotIndex);
        Assert.False(c[1].TryGetTerm(1, out _));
        c.Propose(1, "b");
        Assert.Equal(["a", "b"], c.AppliedCommands(2));
    }

    [Fact]
    public void Snapshot_FollowerBehindTheCompactedLogCatchesUpFromChunks()
    {
        var c = Chunked(chunk: 10);
        c.Elect(1);
        c.Isolate(3);
        for (var i = 0; i < 5; i++)
        {
            c.Propose(1, $"c{i}");
        }

        var image = Enumerable.Range(0, 95).Select(i => (byte)i).ToArray();
        c.Compact(1, image);
        c.Heal();
        c.Sent.Clear();
        c.TickAll(3);
        Assert.Equal(10, c.Sent.Count(m => m.Type == MessageType.Snapshot && m.To == 3));
        Assert.Equal(c[1].SnapshotIndex, c[3].SnapshotIndex);
        Assert.Equal(image, c[3].LatestSnapshot.Data.ToArray());
        c.Propose(1, "after");
        Assert.Equal(["after"], c.AppliedCommands(3));
    }

    [Fact]
    public void Snapshot_LostChunksAreResentFromTheFollowersOffset()
    {
        var c = Chunked(chunk: 10);
        c.Elect(1);
        c.Isolate(3);
        c.Propose(1, "x");
        var image = new byte[55];
        image[54] = 7;
        c.Compact(1, image);
        c.Heal();
        var random = new Random(5);
        c.Filter = m => m.Type != MessageType.Snapshot || random.Next(3) != 0;
        c.TickAll(60);
        Assert.Equal(c[1].SnapshotIndex, c[3].SnapshotIndex);
        Assert.Equal(image, c[3].LatestSnapshot.Data.ToArray());
    }

    [Fact]
    public void Snapshot_RestartedNodeResumesFromItsSnapshotAndLog()
    {
        var c = Chunked();
        c.Elect(1);
        c.Propose(1, "a");
        c.Compact(2, [1, 2, 3]);
        c.Propose(1, "b");
        var (commit, last) = (c[2].CommitIndex, c[2].LastIndex);
        c.Restart(2);
        Assert.Equal(last, c[2].LastIndex);
        Assert.Equal(commit, c[2].CommitIndex);
        Assert.Equal(new byte[] { 1, 2, 3 }, c[2].LatestSnapshot.Data.ToArray());
    }
}
