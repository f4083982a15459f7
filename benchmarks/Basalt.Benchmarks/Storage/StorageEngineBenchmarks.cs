using System.Globalization;
using System.Text;
using Basalt.Storage;
using BenchmarkDotNet.Attributes;

namespace Basalt.Benchmarks.Storage;

/// <summary>Point reads, unsynced single-item writes and 100-entry range scans on both engines, 100k items of 200 bytes.</summary>
[MemoryDiagnoser]
public class StorageEngineBenchmarks
{
    private const int KeyCount = 100_000;
    private const int ScanLength = 100;

    private readonly byte[] _value = new byte[200];
    private readonly WriteBatch _batch = new();
    private byte[][] _keys = [];
    private int[] _order = [];
    private int _next;
    private IStorageEngine? _engine;
    private BenchmarkDirectory? _directory;

    [Params("RocksDb", "InMemory")]
    public string Engine { get; set; } = "RocksDb";

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_value);
        _keys = new byte[KeyCount][];
        for (int i = 0; i < KeyCount; i++)
        {
            _keys[i] = Encoding.ASCII.GetBytes("item#" + i.ToString("D10", CultureInfo.InvariantCulture));
        }

        _order = [.. Enumerable.Range(0, KeyCount)];
        new Random(7).Shuffle(_order);

        if (Engine == "RocksDb")
        {
            _directory = new BenchmarkDirectory();
            _engine = RocksDbStorageEngine.Open(_directory.Path);
        }
        else
        {
            _engine = new InMemoryStorageEngine();
        }

        var load = new WriteBatch();
        for (int i = 0; i < KeyCount; i++)
        {
            load.Put(ColumnFamily.Data, _keys[i], _value);
            if (load.Count == 1000)
            {
                _engine.WriteAsync(load, sync: false).AsTask().GetAwaiter().GetResult();
                load.Clear();
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.Dispose();
        _directory?.Dispose();
    }

    [Benchmark]
    public byte[]? Get() => _engine!.Get(ColumnFamily.Data, NextKey());

    [Benchmark]
    public ValueTask PutUnsynced()
    {
        _batch.Clear();
        _batch.Put(ColumnFamily.Data, NextKey(), _value);
        return _engine!.WriteAsync(_batch, sync: false);
    }

    [Benchmark]
    public int Scan100()
    {
        int bytes = 0;
        using IStorageCursor cursor = _engine!.OpenCursor(ColumnFamily.Data, NextKey(), [], reverse: false);
        for (int i = 0; i < ScanLength && cursor.MoveNext(); i++)
        {
            bytes += cursor.Key.Length + cursor.Value.Length;
        }

        return bytes;
    }

    private byte[] NextKey()
    {
        int index = _order[_next];
        _next = _next + 1 == KeyCount ? 0 : _next + 1;
        return _keys[index];
    }
}
