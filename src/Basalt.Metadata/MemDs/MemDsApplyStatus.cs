namespace Basalt.Metadata.MemDs;

/// <summary>What MemDS did with one event of the change stream.</summary>
public enum MemDsApplyStatus : byte
{
    /// <summary>The event was the next version and is now visible to lookups.</summary>
    Applied = 0,

    /// <summary>The event's version is not above the store's: already applied, ignored.</summary>
    Duplicate = 1,

    /// <summary>Versions between the store's and the event's are missing: nothing applied, resync from a snapshot.</summary>
    Gap = 2,
}
