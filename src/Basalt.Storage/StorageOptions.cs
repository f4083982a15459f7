namespace Basalt.Storage;

/// <summary>Tuning of a <see cref="RocksDbStorageEngine"/>. The defaults suit a laptop-sized database.</summary>
public sealed class StorageOptions
{
    /// <summary>Shared LRU block cache for all column families. Default 64 MiB.</summary>
    public long BlockCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Memtable size of the data column family (log and meta use a quarter). Default 32 MiB.</summary>
    public long WriteBufferBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Compress SST files (LZ4, ZSTD at the bottom level) when the native library supports it. Default true.</summary>
    public bool Compression { get; init; } = true;

    /// <summary>Most caller batches merged into one synced RocksDB write. Default 1000.</summary>
    public int MaxGroupCommitBatches { get; init; } = 1000;

    /// <summary>Most bytes merged into one synced RocksDB write (a single larger batch is written alone). Default 4 MiB.</summary>
    public long MaxGroupCommitBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Flush memtables to SST files on dispose, so the next open replays no WAL. Default true.</summary>
    public bool FlushOnDispose { get; init; } = true;

    internal static StorageOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockCacheBytes, 0, nameof(BlockCacheBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteBufferBytes, 64 * 1024, nameof(WriteBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroupCommitBatches, 1, nameof(MaxGroupCommitBatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroupCommitBytes, 1, nameof(MaxGroupCommitBytes));
    }
}
