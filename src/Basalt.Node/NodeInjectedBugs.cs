namespace Basalt.Node;

/// <summary>
/// Deliberate defects of a storage node. They exist only so the deterministic simulator can show it
/// catches real bugs; nothing outside tests sets them.
/// </summary>
[Flags]
internal enum NodeInjectedBugs
{
    None = 0,

    /// <summary>
    /// The applied index is synced on its own ahead of the items it covers, which stay unsynced: after
    /// power loss the replica believes it applied entries whose items are gone, and never replays them.
    /// </summary>
    AppliedIndexBeforeItems = 1 << 0,
}
