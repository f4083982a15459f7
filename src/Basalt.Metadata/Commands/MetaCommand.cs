using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>
/// A change proposed to the partition map. Commands are the entries of the meta group's Raft log:
/// each one encodes itself as [format version][tag][fields] and <see cref="Decode"/> reads any of them.
/// </summary>
public abstract record MetaCommand
{
    /// <summary>Version of the command encoding this build writes.</summary>
    public const byte FormatVersion = 1;

    private protected MetaCommand()
    {
    }

    /// <summary>The tag that identifies the command type in the encoding.</summary>
    internal abstract CommandTag Tag { get; }

    /// <summary>Writes the command's fields (after the version and tag).</summary>
    private protected abstract void WriteFields(MetaWriter w);

    /// <summary>The command as a log entry payload.</summary>
    public byte[] Encode()
    {
        var w = new MetaWriter(64);
        w.Byte(FormatVersion);
        w.Byte((byte)Tag);
        WriteFields(w);
        return w.ToArray();
    }

    /// <summary>Reads a command written by <see cref="Encode"/>.</summary>
    public static MetaCommand Decode(ReadOnlySpan<byte> data)
    {
        var r = new MetaReader(data);
        var version = r.Byte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unknown metadata command format {version}.");
        }

        var tag = (CommandTag)r.Byte();
        MetaCommand command = tag switch
        {
            CommandTag.RegisterNode => RegisterNode.Read(ref r),
            CommandTag.CreateTable => CreateTable.Read(ref r),
            CommandTag.UpdateTable => UpdateTable.Read(ref r),
            CommandTag.DeleteTable => DeleteTable.Read(ref r),
            CommandTag.SetLeader => SetLeader.Read(ref r),
            CommandTag.ReplaceReplica => ReplaceReplica.Read(ref r),
            CommandTag.SplitPartition => SplitPartition.Read(ref r),
            _ => throw new InvalidDataException($"Unknown metadata command tag {(byte)tag}."),
        };
        r.End();
        return command;
    }
}

/// <summary>Tags of the command encoding (never renumber).</summary>
internal enum CommandTag : byte
{
    RegisterNode = 1,
    CreateTable = 2,
    UpdateTable = 3,
    DeleteTable = 4,
    SetLeader = 5,
    ReplaceReplica = 6,
    SplitPartition = 7,
}
