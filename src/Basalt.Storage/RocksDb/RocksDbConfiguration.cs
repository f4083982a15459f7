using RocksDbSharp;

namespace Basalt.Storage;

/// <summary>
/// RocksDB options for a laptop-sized database: WAL on (point-in-time recovery), a shared LRU block cache,
/// full bloom filters, LZ4 with ZSTD at the bottom level, XXH3 block checksums (RocksDB's default, verified on read).
/// The native objects are kept here so they live as long as the database.
/// </summary>
internal sealed class RocksDbConfiguration
{
    /// <summary>Column family names, indexed by <see cref="ColumnFamily"/>.</summary>
    public static readonly string[] ColumnFamilyNames = ["data", "log", "meta"];

    private const int BloomBitsPerKey = 10;
    private const ulong BlockSizeBytes = 16 * 1024;

    private RocksDbConfiguration(DbOptions dbOptions, ColumnFamilies columnFamilies, bool compressed, object[] keepAlive)
    {
        Compressed = compressed;
        DbOptions = dbOptions;
        ColumnFamilies = columnFamilies;
        KeepAlive = keepAlive;
    }

    public DbOptions DbOptions { get; }

    /// <summary>Whether SST files are compressed.</summary>
    public bool Compressed { get; }

    public ColumnFamilies ColumnFamilies { get; }

    /// <summary>Native option objects that must outlive the database.</summary>
    public object[] KeepAlive { get; }

    /// <param name="existingColumnFamilies">Column families already in the database; unknown ones (from a newer
    /// version, say) are opened with default options, since RocksDB refuses to open a database without all of them.</param>
    public static RocksDbConfiguration Create(StorageOptions options, bool compression, IEnumerable<string> existingColumnFamilies)
    {
        var cache = Cache.CreateLru((ulong)options.BlockCacheBytes);
        var bloom = BloomFilterPolicy.Create(BloomBitsPerKey, false);
        var table = new BlockBasedTableOptions()
            .SetBlockCache(cache)
            .SetFilterPolicy(bloom)
            .SetBlockSize(BlockSizeBytes)
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);

        ulong dataBuffer = (ulong)options.WriteBufferBytes;
        ulong smallBuffer = Math.Max(dataBuffer / 4, 64UL * 1024);
        ColumnFamilyOptions data = CreateColumnFamilyOptions(table, dataBuffer, compression);
        ColumnFamilyOptions log = CreateColumnFamilyOptions(table, smallBuffer, compression);
        ColumnFamilyOptions meta = CreateColumnFamilyOptions(table, smallBuffer, compression);
        ColumnFamilyOptions defaultFamily = CreateColumnFamilyOptions(table, smallBuffer, compression);

        var columnFamilies = new ColumnFamilies(defaultFamily)
        {
            { ColumnFamilyNames[(int)ColumnFamily.Data], data },
            { ColumnFamilyNames[(int)ColumnFamily.Log], log },
            { ColumnFamilyNames[(int)ColumnFamily.Meta], meta },
        };
        foreach (string name in existingColumnFamilies)
        {
            if (name != ColumnFamilies.DefaultName && Array.IndexOf(ColumnFamilyNames, name) < 0)
            {
                columnFamilies.Add(name, defaultFamily);
            }
        }

        DbOptions db = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetParanoidChecks(true)
            .SetWalRecoveryMode(Recovery.PointInTime)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount))
            .SetMaxTotalWalSize(256UL * 1024 * 1024)
            .SetBytesPerSync(1024 * 1024)
            .SetKeepLogFileNum(5)
            .SetMaxLogFileSize(8UL * 1024 * 1024)
            .SetInfoLogLevel(InfoLogLevel.Info);

        return new RocksDbConfiguration(db, columnFamilies, compression, [cache, bloom, table, data, log, meta, defaultFamily, db]);
    }

    private static ColumnFamilyOptions CreateColumnFamilyOptions(BlockBasedTableOptions table, ulong writeBuffer, bool compression)
    {
        var options = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetWriteBufferSize(writeBuffer)
            .SetLevelCompactionDynamicLevelBytes(true)
            .SetCompression(compression ? Compression.Lz4 : Compression.No);
        Native.Instance.rocksdb_options_set_bottommost_compression(options.Handle, (int)(compression ? Compression.Zstd : Compression.No));
        return options;
    }
}
