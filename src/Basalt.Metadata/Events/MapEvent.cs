using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Events;

/// <summary>
/// One change to the partition map, as its change stream carries it. Every applied command yields
/// events whose versions follow the map's version one by one, so a consumer that sees a version
/// other than the one after its own has missed a change and must resync from a snapshot.
/// </summary>
public abstract record MapEvent(ulong Version)
{
    /// <summary>Version of the event encoding this build writes.</summary>
    public const byte FormatVersion = 1;

    internal abstract EventTag Tag { get; }

    private protected abstract void WriteFields(MetaWriter w);

    /// <summary>Writes [format version][tag][version][fields].</summary>
    public void Write(MetaWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Byte(FormatVersion);
        w.Byte((byte)Tag);
        w.VarUInt(Version);
        WriteFields(w);
    }

    /// <summary>The event on its own.</summary>
    public byte[] Encode()
    {
        var w = new MetaWriter(128);
        Write(w);
        return w.ToArray();
    }

    /// <summary>Reads one event written by <see cref="Write"/>.</summary>
    public static MapEvent Read(ref MetaReader r)
    {
        var format = r.Byte();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"Unknown map event format {format}.");
        }

        var tag = (EventTag)r.Byte();
        var version = r.VarUInt();
        return tag switch
        {
            EventTag.NodeRegistered => new NodeRegistered(version, ModelCodec.ReadNode(ref r)),
            EventTag.TableCreated => new TableCreated(version, ModelCodec.ReadTable(ref r), ModelCodec.ReadPartitions(ref r)),
            EventTag.TableUpdated => new TableUpdated(version, ModelCodec.ReadTable(ref r)),
            EventTag.TableDeleted => new TableDeleted(version, r.VarUInt()),
            EventTag.PartitionChanged => new PartitionChanged(version, ModelCodec.ReadPartition(ref r)),
            EventTag.PartitionSplit => new PartitionSplit(version, ModelCodec.ReadPartition(ref r), ModelCodec.ReadPartition(ref r)),
            _ => throw new InvalidDataException($"Unknown map event tag {(byte)tag}."),
        };
    }

    /// <summary>Reads an event encoded on its own by <see cref="Encode"/>.</summary>
    public static MapEvent Decode(ReadOnlySpan<byte> data)
    {
        var r = new MetaReader(data);
        var e = Read(ref r);
        r.End();
        return e;
    }
}

/// <summary>Tags of the event encoding (never renumber).</summary>
internal enum EventTag : byte
{
    NodeRegistered = 1,
    TableCreated = 2,
    TableUpdated = 3,
    TableDeleted = 4,
    PartitionChanged = 5,
    PartitionSplit = 6,
}
