using Basalt.Router.Admission;

namespace Basalt.Api;

/// <summary>How to run an embedded Basalt server (what <c>basalt serve</c> takes on its command line).</summary>
public sealed record BasaltServerOptions
{
    /// <summary>Interface to bind; default loopback.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read the bound one from <see cref="BasaltServer.Url"/>).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Directory of the RocksDB data; ignored when <see cref="InMemory"/>.</summary>
    public string DataDirectory { get; init; } = "./basalt-data";

    /// <summary>Keep everything in memory (same engine interface, nothing on disk).</summary>
    public bool InMemory { get; init; }

    /// <summary>Storage nodes in this process, each holding a replica of every partition: 1 (groups of one) or 3 (<c>--replicas</c>).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Raft timing and log compaction of the storage nodes (defaults when null).</summary>
    public Node.NodeOptions? Node { get; init; }

    /// <summary>Partitions of a new table (<c>--initial-partitions</c>).</summary>
    public int InitialPartitions { get; init; } = 1;

    /// <summary>Credentials file (access key → secret); when set, SigV4 signatures are verified.</summary>
    public string? AuthFile { get; init; }

    /// <summary>How often expired (TTL) items are deleted and stream records older than 24 hours trimmed; infinite = never (tests call the sweepers).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest item collection (items of one partition key plus their LSI entries) of a table with local indexes; DynamoDB's is 10 GB.</summary>
    public long ItemCollectionSizeLimitBytes { get; init; } = Indexes.ItemCollectionSizes.DefaultLimitBytes;

    /// <summary>
    /// Run each request on the thread that read it from its connection (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>) instead of handing it to the thread pool, and send its
    /// response from there: one or two thread hand-offs fewer per request. Request handling never
    /// blocks a thread (it awaits storage and replication), so nothing waits behind it but CPU work.
    /// </summary>
    public bool InlineScheduling { get; init; } = true;

    /// <summary>Clock used for timestamps, signature checks and admission control; tests may pass a fake.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Admission control limits (burst, partition caps, node capacity, GAC period, on-demand start); DynamoDB's by default.</summary>
    public AdmissionOptions Admission { get; init; } = new();
}
