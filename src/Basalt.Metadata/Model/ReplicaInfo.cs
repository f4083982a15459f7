namespace Basalt.Metadata.Model;

/// <summary>One replica of a partition: the node holding it, that node's zone, and what it keeps.</summary>
public readonly record struct ReplicaInfo(ulong NodeId, string Zone, ReplicaKind Kind);
