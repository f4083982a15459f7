using System.Text.Json;

namespace Basalt.Api.Protocol;

/// <summary>Everything an operation needs about the request it is serving.</summary>
public sealed class RequestContext(JsonElement body, string region, string accessKeyId, CancellationToken cancellationToken)
{
    /// <summary>The parsed JSON request body (an object).</summary>
    public JsonElement Body { get; } = body;

    /// <summary>Region from the SigV4 credential scope; tables are namespaced by it.</summary>
    public string Region { get; } = region;

    public string AccessKeyId { get; } = accessKeyId;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// 0 for a whole request. Otherwise the partition group of a router's per-partition share of a
    /// Scan or of a Query on a global index (<c>ExecuteRequest.group</c>): the operation reads only
    /// that partition, from its leader here, and reports what the router needs to merge the shares.
    /// </summary>
    public ulong Group { get; init; }

    /// <summary>What the request consumed, for admission control.</summary>
    public ConsumedCapacityLedger Consumed { get; } = new();
}
