using Basalt.Metadata.Codec;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.Events;

/// <summary>A partition's replicas or leader hint changed; its range did not.</summary>
public sealed record PartitionChanged(ulong Version, PartitionInfo Partition) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.PartitionChanged;

    private protected override void WriteFields(MetaWriter w) => ModelCodec.Write(w, Partition);
}

/// <summary>A partition was split: <see cref="Left"/> keeps its group id, <see cref="Right"/> is a new group.</summary>
public sealed record PartitionSplit(ulong Version, PartitionInfo Left, PartitionInfo Right) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.PartitionSplit;

    private protected override void WriteFields(MetaWriter w)
    {
        ModelCodec.Write(w, Left);
        ModelCodec.Write(w, Right);
    }
}
