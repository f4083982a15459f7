using System.Globalization;
using System.Text;
using Basalt.Storage;
using BenchmarkDotNet.Attributes;

namespace Basalt.Benchmarks.Storage;

/// <summary>
/// Synced (fsync'd) single-item batches on RocksDB from 1 or 64 concurrent writers. The reported time is per
/// batch, so batches/s = 1 s / Mean; with 64 writers the group-commit writer shares each fsync among many callers.
/// </summary>
[MemoryDiagnoser]
public class GroupCommitBenchmarks
{
    private const int BatchesPerInvoke = 512;

    private readonly byte[] _value = new byte[200];
    private RocksDbStorageEngine? _engine;
    private BenchmarkDirectory? _directory;
    private WriteBatch[] _batches = [];
    private long _sequence;

    [Params(1, 64)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = new BenchmarkDirectory();
        _engine = RocksDbStorageEngine.Open(_directory.Path);
        _batches = [.. Enumerable.Range(0, Writers).Select(_ => new WriteBatch())];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// group commit: {_engine!.SyncedBatchCount} batches in {_engine.SyncedWriteCount} synced writes ({(double)_engine.SyncedBatchCount / Math.Max(1, _engine.SyncedWriteCount):F1} per fsync)"));
        _engine.Dispose();
        _directory?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = BatchesPerInvoke)]
    public async Task SyncedBatches()
    {
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            writers[w] = WriteAsync(_batches[w], BatchesPerInvoke / Writers);
        }

        await Task.WhenAll(writers);
    }

    private async Task WriteAsync(WriteBatch batch, int count)
    {
        await Task.Yield();
        for (int i = 0; i < count; i++)
        {
            long n = Interlocked.Increment(ref _sequence);
            batch.Clear();
            batch.Put(ColumnFamily.Log, Encoding.ASCII.GetBytes("entry#" + n.ToString("D12", CultureInfo.InvariantCulture)), _value);
            await _engine!.WriteAsync(batch, sync: true);
        }
    }
}
