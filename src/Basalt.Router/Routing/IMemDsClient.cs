using Basalt.Metadata.Model;

namespace Basalt.Router.Routing;

/// <summary>
/// A router's view of MemDS: the partition that owns a key hash in a table, or null when MemDS
/// knows no such table. In a cluster this is a remote call; in one process it reads a local store.
/// </summary>
public interface IMemDsClient
{
    ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default);
}
