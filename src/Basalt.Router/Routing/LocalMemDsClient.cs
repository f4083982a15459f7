using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;

namespace Basalt.Router.Routing;

/// <summary>MemDS in the same process: a lookup is a floor search in the store, answered synchronously.</summary>
public sealed class LocalMemDsClient(MemDsStore store) : IMemDsClient
{
    public ValueTask<PartitionInfo?> LookupAsync(ulong tableId, ulong keyHash, CancellationToken cancellationToken = default) =>
        new(store.TryFloor(tableId, keyHash, out var partition) ? partition : null);
}
