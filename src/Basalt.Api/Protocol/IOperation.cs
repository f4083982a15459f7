using System.Text.Json;

namespace Basalt.Api.Protocol;

/// <summary>One DynamoDB operation: reads the request, writes the response object's members.</summary>
public interface IOperation
{
    /// <summary>The operation's name as it appears after the dot in X-Amz-Target.</summary>
    string Name { get; }

    /// <summary>Runs the operation; writes the members of the response JSON object (the braces are written by the caller).</summary>
    ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response);
}
