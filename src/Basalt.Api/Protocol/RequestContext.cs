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

    /// <summary>What the request consumed, for admission control.</summary>
    public ConsumedCapacityLedger Consumed { get; } = new();
}
