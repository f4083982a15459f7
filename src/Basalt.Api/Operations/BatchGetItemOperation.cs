using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Operations;

/// <summary>BatchGetItem: up to 100 keys across tables; keys beyond the 16 MB response budget come back in UnprocessedKeys.</summary>
public sealed class BatchGetItemOperation(Database database) : IOperation
{
    public const int MaxKeys = 100;
    public const long MaxResponseBytes = 16L * 1024 * 1024;

    public string Name => "BatchGetItem";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var capacity = ConsumedCapacityWriter.Read(body, errors);
        errors.ThrowIfAny();
        if (!JsonParameters.TryGetObject(body, "RequestItems", out var requestItems) || !requestItems.EnumerateObject().Any())
        {
            throw new ValidationException("The requestItems parameter is required for BatchGetItem");
        }

        var requests = new List<TableRequest>();
        var totalKeys = 0;
        foreach (var entry in requestItems.EnumerateObject())
        {
            var entryErrors = new ValidationErrors();
            TableNameRules.Check(entry.Name, entryErrors, "requestItems.key");
            entryErrors.ThrowIfAny();
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member RequestItems: expected a structure");
            }

            if (!JsonParameters.TryGetArray(entry.Value, "Keys", out var keysArray))
            {
                entryErrors.Null($"requestItems.{entry.Name}.member.keys");
                entryErrors.ThrowIfAny();
            }

            var keys = new List<Item>();
            foreach (var key in keysArray.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object)
                {
                    throw JsonParameters.Serialization("Unexpected value type in payload for member Keys: expected a structure");
                }

                keys.Add(AttributeValueJson.ReadItem(key));
            }

            if (keys.Count == 0)
            {
                entryErrors.Add("'[]'", $"requestItems.{entry.Name}.member.keys", "Member must have length greater than or equal to 1");
                entryErrors.ThrowIfAny();
            }

            totalKeys += keys.Count;
            var expressions = RequestExpressions.Parse(entry.Value, RequestExpressions.Members.Projection);
            requests.Add(new TableRequest(entry.Name, entry.Value, keys, expressions.Projection, JsonParameters.GetBool(entry.Value, "ConsistentRead") ?? false));
        }

        if (totalKeys > MaxKeys)
        {
            throw new ValidationException("Too many items requested for the BatchGetItem call");
        }

        var resolved = new List<(TableRequest Request, TableDefinition Table, List<byte[]> Keys)>();
        foreach (var request in requests)
        {
            var table = database.Catalog.GetForItems(context.Region, request.TableName);
            var encoded = new List<byte[]>(request.Keys.Count);
            var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
            foreach (var key in request.Keys)
            {
                var bytes = ItemKeys.FromKey(table, key);
                if (!seen.Add(bytes))
                {
                    throw new ValidationException("Provided list of item keys contains duplicates");
                }

                encoded.Add(bytes);
            }

            resolved.Add((request, table, encoded));
        }

        long responseBytes = 0;
        var full = false;
        var unprocessed = new List<(TableRequest Request, List<Item> Keys)>();
        var consumed = new List<(string Table, double Units)>();
        response.WriteStartObject("Responses");
        foreach (var (request, table, keys) in resolved)
        {
            response.WriteStartArray(table.Name);
            double units = 0;
            List<Item>? leftOver = full ? [] : null;
            for (var i = 0; i < keys.Count; i++)
            {
                if (leftOver is not null)
                {
                    leftOver.Add(request.Keys[i]);
                    continue;
                }

                if (request.Projection is null)
                {
                    // No projection: the stored item goes out as JSON without being decoded.
                    var encoded = await database.Items.ReadEncodedAsync(table, keys[i], request.ConsistentRead, context.CancellationToken).ConfigureAwait(false);
                    var encodedSize = encoded is null ? 0 : EncodedItemJson.Size(encoded);
                    if (responseBytes + encodedSize > MaxResponseBytes)
                    {
                        // The response is full: this key and every later one come back unprocessed.
                        (leftOver = []).Add(request.Keys[i]);
                        full = true;
                        continue;
                    }

                    units += Capacity.ReadUnits(encodedSize, request.ConsistentRead);
                    if (encoded is not null)
                    {
                        responseBytes += encodedSize;
                        EncodedItemJson.WriteItem(response, encoded);
                    }

                    continue;
                }

                var item = await database.Items.ReadAsync(table, keys[i], request.ConsistentRead, context.CancellationToken).ConfigureAwait(false);
                var result = item is null ? null : Projection.Apply(item, request.Projection);
                var resultSize = result is null ? 0 : ItemSize.Of(result);
                if (responseBytes + resultSize > MaxResponseBytes)
                {
                    // The response is full: this key and every later one come back unprocessed.
                    (leftOver = []).Add(request.Keys[i]);
                    full = true;
                    continue;
                }

                var size = item is null ? 0 : ItemSize.Of(item);
                units += Capacity.ReadUnits(size, request.ConsistentRead);
                if (result is not null)
                {
                    responseBytes += resultSize;
                    AttributeValueJson.WriteItem(response, result);
                }
            }

            response.WriteEndArray();
            consumed.Add((table.Name, units));
            context.Consumed.Record(table.Name, units, isRead: true);
            if (leftOver is not null)
            {
                unprocessed.Add((request, leftOver));
            }
        }

        response.WriteEndObject();
        WriteUnprocessed(response, unprocessed);
        if (capacity != CapacityReport.None)
        {
            response.WriteStartArray("ConsumedCapacity");
            foreach (var (table, units) in consumed)
            {
                ConsumedCapacityWriter.WriteObject(response, capacity, table, units);
            }

            response.WriteEndArray();
        }

    }

    private static void WriteUnprocessed(Utf8JsonWriter response, List<(TableRequest Request, List<Item> Keys)> unprocessed)
    {
        response.WriteStartObject("UnprocessedKeys");
        foreach (var (request, keys) in unprocessed)
        {
            response.WriteStartObject(request.TableName);
            response.WriteStartArray("Keys");
            foreach (var key in keys)
            {
                AttributeValueJson.WriteItem(response, key);
            }

            response.WriteEndArray();
            foreach (var member in request.Json.EnumerateObject())
            {
                if (member.Name != "Keys")
                {
                    member.WriteTo(response);
                }
            }

            response.WriteEndObject();
        }

        response.WriteEndObject();
    }

    private sealed record TableRequest(string TableName, JsonElement Json, List<Item> Keys, IReadOnlyList<DocumentPath>? Projection, bool ConsistentRead);
}
