using Basalt.Metadata.Events;

namespace Basalt.Metadata.Group;

/// <summary>
/// A read of the change stream: the events after the version asked for (in order, versions one
/// apart), or <see cref="Truncated"/> when the stream no longer holds them and the reader must
/// resync from a snapshot. <see cref="LatestVersion"/> is the newest version the source knows.
/// </summary>
public readonly record struct MapChangeBatch(bool Truncated, IReadOnlyList<MapEvent> Events, ulong LatestVersion);
