using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>One item write about to be committed: its table, its storage key, the image it replaces and the new image (null = delete).</summary>
public readonly record struct PendingWrite(ulong TableId, byte[] Key, Item? OldItem, Item? NewItem);
