using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>One item write about to be committed: its table, its storage key, the image it replaces (null = none) and the new image (null = delete).</summary>
public readonly record struct PendingWrite(TableDefinition Table, byte[] Key, StoredItem? Old, Item? NewItem)
{
    /// <summary>The attributes of the image replaced (decoded on first use), or null when there was none.</summary>
    public Item? OldItem => Old?.Item;

    /// <summary>True when the service itself makes the write (a TTL deletion): its stream record names the service as userIdentity.</summary>
    public bool ByService { get; init; }
}
