using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Operations;

/// <summary>DescribeEndpoints: this server is its own endpoint.</summary>
public sealed class DescribeEndpointsOperation : IOperation
{
    public string Name => "DescribeEndpoints";

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        response.WriteStartArray("Endpoints");
        response.WriteStartObject();
        response.WriteString("Address", $"dynamodb.{context.Region}.amazonaws.com");
        response.WriteNumber("CachePeriodInMinutes", 1440);
        response.WriteEndObject();
        response.WriteEndArray();
        return ValueTask.CompletedTask;
    }
}
