using System.Text.Json;
using Basalt.Api.Http;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>A storage node's DynamoDB error answer, given to the client as the node wrote it (type, message, status).</summary>
public sealed class ForwardedErrorException(string typeNamespace, string errorCode, string message, int statusCode)
    : DynamoDbException(errorCode, message, statusCode)
{
    public override string TypeNamespace => typeNamespace;

    /// <summary>The exception that reproduces a node's error body (a failed condition keeps its item).</summary>
    public static DynamoDbException From(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            var message = root.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            var hash = type.LastIndexOf('#');
            var code = hash < 0 ? type : type[(hash + 1)..];
            var ns = hash < 0 ? "com.amazonaws.dynamodb.v20120810" : type[..hash];
            if (code == "ConditionalCheckFailedException" && status == 400)
            {
                return new ConditionalCheckFailedException(root.TryGetProperty("Item", out var item) ? AttributeValueJson.ReadItem(item) : null);
            }

            return new ForwardedErrorException(ns, code, message, status);
        }
        catch (JsonException)
        {
            return new DynamoDbException("InternalServerError", "Internal server error", 500);
        }
    }
}
