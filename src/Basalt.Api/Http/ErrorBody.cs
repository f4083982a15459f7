using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Http;

/// <summary>Writes DynamoDB's error body: {"__type":"namespace#Code","message":"..."} plus extra members.</summary>
public static class ErrorBody
{
    public static void Write(Utf8JsonWriter writer, DynamoDbException error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WriteString("__type", error.TypeNamespace + "#" + error.ErrorCode);
        writer.WriteString("message", error.Message);
        if (error is ConditionalCheckFailedException { Item: { } item })
        {
            writer.WritePropertyName("Item");
            AttributeValueJson.WriteItem(writer, item);
        }

        writer.WriteEndObject();
    }
}
