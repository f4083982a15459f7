using System.Text.Json;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>Writes the Items/Count/ScannedCount/LastEvaluatedKey members of a Query or Scan response.</summary>
public static class PageWriter
{
    public static void Write(Utf8JsonWriter w, Page page, bool countOnly)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(page);
        if (!countOnly)
        {
            w.WriteStartArray("Items");
            foreach (var item in page.Items)
            {
                AttributeValueJson.WriteItem(w, item);
            }

            foreach (var encoded in page.EncodedItems)
            {
                EncodedItemJson.WriteItem(w, encoded);
            }

            w.WriteEndArray();
        }

        w.WriteNumber("Count", page.Count);
        w.WriteNumber("ScannedCount", page.ScannedCount);
        if (page.LastEvaluatedKey is not null)
        {
            w.WritePropertyName("LastEvaluatedKey");
            AttributeValueJson.WriteItem(w, page.LastEvaluatedKey);
        }
    }
}
