using Basalt.Metadata.Model;

namespace Basalt.Metadata.MemDs;

/// <summary>Whole-map listings (storage nodes reconcile what they host against them; not on the lookup path).</summary>
public sealed partial class MemDsStore
{
    /// <summary>Every table, in no particular order (a consistent snapshot of the catalog).</summary>
    public IReadOnlyList<TableInfo> AllTables => [.. catalog.ById.Values.Select(slot => slot.Info)];

    /// <summary>Every registered node.</summary>
    public IReadOnlyList<NodeInfo> AllNodes => [.. catalog.Nodes.Values];
}
