using Basalt.Metadata.Codec;

namespace Basalt.Metadata.Commands;

/// <summary>Removes a table and its partitions from the map. Its id and group ids are never reused.</summary>
public sealed record DeleteTable(string Region, string Name) : MetaCommand
{
    internal override CommandTag Tag => CommandTag.DeleteTable;

    private protected override void WriteFields(MetaWriter w)
    {
        w.String(Region);
        w.String(Name);
    }

    internal static DeleteTable Read(ref MetaReader r) => new(r.String(), r.String());
}
