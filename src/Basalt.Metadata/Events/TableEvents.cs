using System.Collections.Immutable;
using Basalt.Metadata.Codec;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.Events;

/// <summary>A table was created with these partitions (ordered by range, tiling the hash space).</summary>
public sealed record TableCreated(ulong Version, TableInfo Table, ImmutableArray<PartitionInfo> Partitions) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.TableCreated;

    private protected override void WriteFields(MetaWriter w)
    {
        ModelCodec.Write(w, Table);
        ModelCodec.Write(w, Partitions);
    }
}

/// <summary>A table's definition changed.</summary>
public sealed record TableUpdated(ulong Version, TableInfo Table) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.TableUpdated;

    private protected override void WriteFields(MetaWriter w) => ModelCodec.Write(w, Table);
}

/// <summary>A table and all its partitions were removed.</summary>
public sealed record TableDeleted(ulong Version, ulong TableId) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.TableDeleted;

    private protected override void WriteFields(MetaWriter w) => w.VarUInt(TableId);
}
