namespace Basalt.Metadata.Model;

/// <summary>What a replica of a partition keeps.</summary>
public enum ReplicaKind : byte
{
    /// <summary>Log and items: may lead and serve reads.</summary>
    Full = 0,

    /// <summary>Log only (the healing trick): votes and persists entries, keeps no items, never leads.</summary>
    Log = 1,
}
