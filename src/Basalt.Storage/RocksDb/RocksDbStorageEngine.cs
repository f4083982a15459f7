using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocksDbSharp;
using NativeWriteBatch = RocksDbSharp.WriteBatch;

namespace Basalt.Storage;

/// <summary>
/// The durable storage engine: one RocksDB instance under <c>&lt;directory&gt;/rocksdb</c> with the column families
/// data, log and meta, guarded by <c>&lt;directory&gt;/basalt.lock</c>. Synced writes go through a group-commit
/// writer (one fsync for many concurrent callers); unsynced writes are written directly by the caller.
/// </summary>
public sealed class RocksDbStorageEngine : IStorageEngine
{
    /// <summary>Subdirectory of the data directory that holds the RocksDB files.</summary>
    public const string RocksDbDirectoryName = "rocksdb";

    private readonly DataDirectoryLock _directoryLock;
    private readonly RocksDb _db;
    private readonly RocksDbConfiguration _configuration;
    private readonly ColumnFamilyHandle[] _columnFamilies;
    private readonly nint[] _columnFamilyHandles;
    private readonly ReadOptions _readOptions;
    private readonly WriteOptions _syncedWrite;
    private readonly WriteOptions _unsyncedWrite;
    private readonly NativeWriteBatch _groupBatch = new();
    private readonly ConcurrentQueue<NativeWriteBatch> _batchPool = new();
    private readonly GroupCommitWriter _groupCommit;
    private readonly OperationGate _gate = new(nameof(RocksDbStorageEngine));
    private readonly HashSet<RocksDbCursor> _openCursors = [];
    private readonly Lock _cursorLock = new();
    private readonly StorageOptions _options;
    private readonly ILogger _logger;

    private RocksDbStorageEngine(string directory, DataDirectoryLock directoryLock, RocksDb db, RocksDbConfiguration configuration, StorageOptions options, ILogger logger)
    {
        Directory = directory;
        _directoryLock = directoryLock;
        _db = db;
        _configuration = configuration;
        _options = options;
        _logger = logger;
        _columnFamilies = new ColumnFamilyHandle[RocksDbConfiguration.ColumnFamilyNames.Length];
        _columnFamilyHandles = new nint[_columnFamilies.Length];
        for (int i = 0; i < _columnFamilies.Length; i++)
        {
            _columnFamilies[i] = db.GetColumnFamily(RocksDbConfiguration.ColumnFamilyNames[i]);
            _columnFamilyHandles[i] = _columnFamilies[i].Handle;
        }

        _readOptions = new ReadOptions().SetVerifyChecksums(true);
        _syncedWrite = new WriteOptions().SetSync(true);
        _unsyncedWrite = new WriteOptions().SetSync(false);
        _groupCommit = new GroupCommitWriter(WriteGroup, options.MaxGroupCommitBatches, options.MaxGroupCommitBytes, "basalt-group-commit");
    }

    /// <summary>Full path of the data directory.</summary>
    public string Directory { get; }

    /// <summary>Synced RocksDB writes issued by the group-commit writer so far.</summary>
    public long SyncedWriteCount => _groupCommit.GroupsWritten;

    /// <summary>Synced caller batches carried by those writes (divided by <see cref="SyncedWriteCount"/>: the mean group size).</summary>
    public long SyncedBatchCount => _groupCommit.BatchesWritten;

    /// <summary>
    /// Locks <paramref name="directory"/> (creating it if needed) and opens or creates the database in it.
    /// Throws <see cref="DataDirectoryLockedException"/> at once when another engine or process holds it.
    /// </summary>
    public static RocksDbStorageEngine Open(string directory, StorageOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= StorageOptions.Default;
        options.Validate();
        logger ??= NullLogger.Instance;

        string fullDirectory = Path.GetFullPath(directory);
        DataDirectoryLock directoryLock = DataDirectoryLock.Acquire(fullDirectory);
        try
        {
            string dbPath = Path.Combine(fullDirectory, RocksDbDirectoryName);
            (RocksDb db, RocksDbConfiguration configuration) = OpenDatabase(dbPath, options, logger);
            StorageLog.Opened(logger, fullDirectory, configuration.Compressed);
            return new RocksDbStorageEngine(fullDirectory, directoryLock, db, configuration, options, logger);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    public byte[]? Get(ColumnFamily cf, ReadOnlySpan<byte> key)
    {
        ColumnFamilyHandle handle = Handle(cf);
        _gate.Enter();
        try
        {
            return RocksDbFastCalls.Get(_db.Handle, _readOptions.Handle, handle.Handle, key);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public ValueTask WriteAsync(WriteBatch batch, bool sync, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _gate.Enter();
        try
        {
            if (batch.Count == 0)
            {
                return ValueTask.CompletedTask;
            }

            if (sync)
            {
                return _groupCommit.Enqueue(batch);
            }

            WriteUnsynced(batch);
            return ValueTask.CompletedTask;
        }
        catch (RocksDbException e)
        {
            return ValueTask.FromException(new IOException($"RocksDB write failed: {e.Message}", e));
        }
        finally
        {
            _gate.Exit();
        }
    }

    public IStorageCursor OpenCursor(ColumnFamily cf, ReadOnlySpan<byte> lowerBoundInclusive, ReadOnlySpan<byte> upperBoundExclusive, bool reverse)
    {
        nint handle = Handle(cf).Handle;
        _gate.Enter();
        try
        {
            var cursor = new RocksDbCursor(this, _db.Handle, handle, lowerBoundInclusive, upperBoundExclusive, reverse);
            lock (_cursorLock)
            {
                _openCursors.Add(cursor);
            }

            return cursor;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Waits for calls in flight, writes every queued synced batch, closes open cursors, flushes the WAL and
    /// (by default) the memtables, closes RocksDB and releases the directory lock.
    /// </summary>
    public void Dispose()
    {
        if (!_gate.Close())
        {
            return;
        }

        _groupCommit.Dispose();
        RocksDbCursor[] cursors;
        lock (_cursorLock)
        {
            cursors = [.. _openCursors];
        }

        foreach (RocksDbCursor cursor in cursors)
        {
            cursor.DisposeIterator();
        }

        try
        {
            Native.Instance.rocksdb_flush_wal(_db.Handle, 1);
            if (_options.FlushOnDispose)
            {
                FlushOptions flush = new FlushOptions().SetWaitForFlush(true);
                Native.Instance.rocksdb_flush_cfs(_db.Handle, flush.Handle, _columnFamilyHandles, _columnFamilyHandles.Length);
            }
        }
        catch (RocksDbException e)
        {
            StorageLog.FlushOnCloseFailed(_logger, e, Directory);
        }

        _db.Dispose();
        _groupBatch.Dispose();
        while (_batchPool.TryDequeue(out NativeWriteBatch? pooled))
        {
            pooled.Dispose();
        }

        GC.KeepAlive(_configuration);
        _directoryLock.Dispose();
        StorageLog.Closed(_logger, Directory);
    }

    internal void EnterOperation() => _gate.Enter();

    internal bool TryEnterOperation() => _gate.TryEnter();

    internal void ExitOperation() => _gate.Exit();

    internal void Unregister(RocksDbCursor cursor)
    {
        lock (_cursorLock)
        {
            _openCursors.Remove(cursor);
        }
    }

    private static (RocksDb Db, RocksDbConfiguration Configuration) OpenDatabase(string path, StorageOptions options, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(path);
        string[] existing = RocksDb.TryListColumnFamilies(new DbOptions(), path, out string[] names) ? names : [];
        if (options.Compression)
        {
            RocksDbConfiguration compressed = RocksDbConfiguration.Create(options, compression: true, existing);
            try
            {
                return (RocksDb.Open(compressed.DbOptions, path, compressed.ColumnFamilies), compressed);
            }
            catch (RocksDbException e) when (e.Message.Contains("ompression", StringComparison.Ordinal))
            {
                StorageLog.CompressionUnavailable(logger, e, path);
            }
        }

        RocksDbConfiguration plain = RocksDbConfiguration.Create(options, compression: false, existing);
        return (RocksDb.Open(plain.DbOptions, path, plain.ColumnFamilies), plain);
    }

    private ColumnFamilyHandle Handle(ColumnFamily cf)
    {
        if ((uint)cf >= (uint)_columnFamilies.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(cf), cf, "Unknown column family.");
        }

        return _columnFamilies[(int)cf];
    }

    private void Append(NativeWriteBatch target, WriteBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            ColumnFamilyHandle cf = _columnFamilies[(int)batch.GetColumnFamily(i)];
            if (batch.IsDelete(i))
            {
                target.Delete(batch.GetKey(i), cf);
            }
            else
            {
                target.Put(batch.GetKey(i), batch.GetValue(i), cf);
            }
        }
    }

    private void WriteUnsynced(WriteBatch batch)
    {
        if (!_batchPool.TryDequeue(out NativeWriteBatch? native))
        {
            native = new NativeWriteBatch();
        }

        try
        {
            Append(native, batch);
            _db.Write(native, _unsyncedWrite);
        }
        finally
        {
            native.Clear();
            _batchPool.Enqueue(native);
        }
    }

    /// <summary>Runs on the group-commit thread: all batches of the group in one synced RocksDB write.</summary>
    private void WriteGroup(List<WriteBatch> batches)
    {
        _groupBatch.Clear();
        foreach (WriteBatch batch in batches)
        {
            Append(_groupBatch, batch);
        }

        try
        {
            _db.Write(_groupBatch, _syncedWrite);
        }
        catch (RocksDbException e)
        {
            throw new IOException($"RocksDB synced write failed: {e.Message}", e);
        }
        finally
        {
            _groupBatch.Clear();
        }
    }
}
