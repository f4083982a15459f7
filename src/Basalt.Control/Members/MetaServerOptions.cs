using System.Net;

namespace Basalt.Control.Members;

/// <summary>How to run one meta member (<c>basalt meta</c>).</summary>
public sealed record MetaServerOptions
{
    public required ulong Id { get; init; }

    /// <summary>Where the member serves Raft and the Meta service (HTTP/2 without TLS).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Every member's id and gRPC URL (this one included).</summary>
    public required IReadOnlyDictionary<ulong, Uri> Peers { get; init; }

    /// <summary>RocksDB directory; null keeps everything in memory (tests).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Optional HTTP/1.1 endpoint for /metrics.</summary>
    public IPEndPoint? Http { get; init; }

    /// <summary>Raft tick.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Applied entries beyond the last snapshot before the log is compacted into a new one.</summary>
    public ulong CompactionThreshold { get; init; } = 1024;

    public MetaServiceOptions Service { get; init; } = new();

    /// <summary>Whether the leader runs autoadmin's healing.</summary>
    public bool Autoadmin { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
