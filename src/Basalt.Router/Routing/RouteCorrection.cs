using Basalt.Metadata.Model;

namespace Basalt.Router.Routing;

/// <summary>
/// A storage node's answer to a request it should not have received (it does not lead the group,
/// or no longer owns the key): the group it was sent for, the leader it knows (0 = none), and the
/// partition that owns the key as the node knows it (with its map version), when it knows it.
/// </summary>
public readonly record struct RouteCorrection(ulong TableId, ulong GroupId, ulong Leader, PartitionInfo? Current);
