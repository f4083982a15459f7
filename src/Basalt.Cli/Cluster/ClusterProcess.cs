namespace Basalt.Cli.Cluster;

/// <summary>
/// One process of a cluster started by <c>basalt cluster up</c>, as recorded in cluster.json: what
/// it is (role, id, zone), where it listens, how it was started (the full command line, so a
/// restart keeps its addresses and data), and the OS process running it now.
/// </summary>
internal sealed class ClusterProcess
{
    /// <summary>Unique in the cluster: meta-1, memds-1, node-4, router-2 (also the log file's name).</summary>
    public required string Name { get; init; }

    /// <summary><see cref="ClusterRoles"/>: meta, memds, node or router.</summary>
    public required string Role { get; init; }

    public required int Id { get; init; }

    /// <summary>The storage node's zone (null for other roles).</summary>
    public string? Zone { get; init; }

    public required string Host { get; init; }

    /// <summary>The gRPC port (meta, memds, node) or the DynamoDB HTTP port (router).</summary>
    public required int Port { get; init; }

    /// <summary>The status and /metrics port (none for a router, whose own port serves /metrics).</summary>
    public int? HttpPort { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>stdout and stderr of every run, appended.</summary>
    public required string Log { get; init; }

    /// <summary>argv: the executable first.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The start of the line the process prints once it serves.</summary>
    public required string Readiness { get; init; }

    /// <summary>The OS process of the latest run (0: never started).</summary>
    public int Pid { get; set; }

    /// <summary>The process's start time in clock ticks since boot (/proc/PID/stat), so a reused pid is not taken for it.</summary>
    public long StartTime { get; set; }

    /// <summary><see cref="ProcessStates"/>: what the last command did to it.</summary>
    public string State { get; set; } = ProcessStates.New;

    public string Url => $"http://{Host}:{Port}";

    public string? HttpUrl => HttpPort is { } port ? $"http://{Host}:{port}" : null;
}

internal static class ClusterRoles
{
    public const string Meta = "meta";
    public const string MemDs = "memds";
    public const string Node = "node";
    public const string Router = "router";

    /// <summary>Start order (stop order is the reverse): a role's processes only need those of earlier roles.</summary>
    public static readonly IReadOnlyList<string> StartOrder = [Meta, MemDs, Node, Router];
}

internal static class ProcessStates
{
    public const string New = "new";
    public const string Running = "running";
    public const string Killed = "killed";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
}
