using Basalt.Protocol.Meta.V1;

namespace Basalt.Control.Health;

/// <summary>What the meta leader last heard from a node: when, its pid and HTTP address, and the groups it reported.</summary>
public sealed record NodeHealth(ulong NodeId, DateTimeOffset LastSeen, int Pid, string HttpAddress, IReadOnlyList<GroupState> Groups);
