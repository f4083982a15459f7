using Basalt.Metadata.Model;

namespace Basalt.Router.Forwarding;

/// <summary>
/// A table as MemDS describes it to a router: its map entry (with the API layer's definition bytes),
/// its partitions in hash order, the addresses of the nodes holding them, and the map version of
/// the answer.
/// </summary>
public sealed record TableRoute(TableInfo Table, IReadOnlyList<PartitionInfo> Partitions, IReadOnlyList<NodeInfo> Nodes, ulong MapVersion);
