using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Items;

/// <summary>The members every single-item operation shares: TableName and ReturnConsumedCapacity.</summary>
public static class ItemRequest
{
    public static string ReadTableName(JsonElement body, ValidationErrors errors) => TableNameRules.Read(body, errors)!;

    public static void WriteAttributes(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, Model.AttributeValue>? item)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (item is null)
        {
            return;
        }

        w.WritePropertyName(name);
        Model.AttributeValueJson.WriteItem(w, item);
    }
}
