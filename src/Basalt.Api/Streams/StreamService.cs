using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Storage;

namespace Basalt.Api.Streams;

/// <summary>DynamoDB Streams on one server: the stream catalog, the sequencer, the recorder of item writes, the shard reader and the retention trim.</summary>
public sealed class StreamService
{
    /// <param name="storage">Node 1's engine: stream catalog and sequencer state.</param>
    /// <param name="others">The other nodes' engines (retention trims their copies of the records too).</param>
    public StreamService(IStorageEngine storage, IReadOnlyList<IStorageEngine> others, bool durable, TableCatalog tables, TimeProvider clock)
    {
        Sequencer = new StreamSequencer();
        Catalog = new StreamCatalog(storage, durable, tables, Sequencer, clock);
        Recorder = new StreamRecorder(Sequencer);
        Reader = new ShardReader(Catalog, Sequencer);
        Retention = new StreamRetention(storage, others, durable, Catalog, clock);
    }

    public StreamSequencer Sequencer { get; }

    public StreamCatalog Catalog { get; }

    /// <summary>Register with <see cref="ItemStore.AddObserver"/>.</summary>
    public StreamRecorder Recorder { get; }

    public ShardReader Reader { get; }

    public StreamRetention Retention { get; }
}
