using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>BatchWriteItem: up to 25 puts and deletes across tables, written in one durable batch.</summary>
public sealed class BatchWriteItemOperation(Database database) : IOperation
{
    public const int MaxRequests = 25;

    public string Name => "BatchWriteItem";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var capacity = ConsumedCapacityWriter.Read(body, errors);
        var collectionMetrics = ReturnValuesRules.ReadItemCollectionMetrics(body, errors);
        errors.ThrowIfAny();
        if (!JsonParameters.TryGetObject(body, "RequestItems", out var requestItems) || !requestItems.EnumerateObject().Any())
        {
            throw new ValidationException("The requestItems parameter is required for BatchWriteItem");
        }

        var parsed = new List<(string Table, List<(Item? Put, Item? Delete)> Requests)>();
        var total = 0;
        foreach (var entry in requestItems.EnumerateObject())
        {
            var entryErrors = new ValidationErrors();
            TableNameRules.Check(entry.Name, entryErrors, "requestItems.key");
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member RequestItems: expected a list");
            }

            var requests = new List<(Item?, Item?)>();
            foreach (var request in entry.Value.EnumerateArray())
            {
                if (request.ValueKind != JsonValueKind.Object)
                {
                    throw JsonParameters.Serialization("Unexpected value type in payload for member WriteRequest: expected a structure");
                }

                Item? put = null, delete = null;
                if (JsonParameters.TryGetObject(request, "PutRequest", out var putRequest))
                {
                    put = JsonParameters.GetItem(putRequest, "Item");
                    if (put is null)
                    {
                        entryErrors.Null($"requestItems.{entry.Name}.member.putRequest.item");
                    }
                }

                if (JsonParameters.TryGetObject(request, "DeleteRequest", out var deleteRequest))
                {
                    delete = JsonParameters.GetItem(deleteRequest, "Key");
                    if (delete is null)
                    {
                        entryErrors.Null($"requestItems.{entry.Name}.member.deleteRequest.key");
                    }
                }

                if ((put is null) == (delete is null))
                {
                    entryErrors.ThrowIfAny();
                    throw new ValidationException("Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest");
                }

                requests.Add((put, delete));
            }

            if (requests.Count is 0 or > MaxRequests)
            {
                var rendered = "'{" + entry.Name + "=[" + string.Join(", ", requests.Select(r => r.Item1 is null ? "DeleteRequest" : "PutRequest")) + "]}'";
                entryErrors.Add(rendered, "requestItems", "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
            }

            entryErrors.ThrowIfAny();
            total += requests.Count;
            parsed.Add((entry.Name, requests));
        }

        if (total > MaxRequests)
        {
            throw new ValidationException("Too many items requested for the BatchWriteItem call");
        }

        var writes = new List<(TableDefinition Table, byte[] Key, Item? NewItem, AttributeValue PartitionKey)>();
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        foreach (var (tableName, requests) in parsed)
        {
            var table = database.Catalog.GetForItems(context.Region, tableName);
            foreach (var (put, delete) in requests)
            {
                byte[] key;
                if (put is not null)
                {
                    key = ItemKeys.FromItem(table, put, ItemKeys.SchemaMismatch);
                    ConditionalWriter.CheckItemSize(put);
                }
                else
                {
                    key = ItemKeys.FromKey(table, delete);
                }

                if (!seen.Add(key))
                {
                    throw new ValidationException("Provided list of item keys contains duplicates");
                }

                writes.Add((table, key, put, (put ?? delete!)[table.PartitionKey.Name]));
            }
        }

        // Each partition's share is one log entry, written under its leader's latches; partitions
        // are written concurrently (BatchWriteItem is not atomic across items in DynamoDB either).
        var perPartition = writes
            .GroupBy(w => (w.Table.Id, Group: Replicas.PartitionRouting.GroupOf(w.Table, w.Key)))
            .Select(g => g.ToList())
            .ToList();
        var shares = await Task.WhenAll(perPartition.Select(share => database.Items.WriteAsync(
            share[0].Table,
            share.Select(w => w.Key).ToArray(),
            session =>
            {
                var consumed = 0.0;
                foreach (var (table, key, newItem, _) in share)
                {
                    var old = session.Read(key);
                    session.Stage(new PendingWrite(table, key, old, newItem));
                    consumed += ConditionalWriter.WriteUnits(newItem is null ? old : null, newItem);
                }

                return (share[0].Table.Name, consumed);
            },
            context.CancellationToken).AsTask())).ConfigureAwait(false);
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (table, _, _, _) in writes)
        {
            units.TryAdd(table.Name, 0);
        }

        foreach (var (table, consumed) in shares)
        {
            units[table] += consumed;
        }

        foreach (var (table, consumed) in units)
        {
            context.Consumed.Record(table, consumed, isRead: false);
        }

        if (collectionMetrics)
        {
            WriteCollectionMetrics(response, writes);
        }

        response.WriteStartObject("UnprocessedItems");
        response.WriteEndObject();
        if (capacity != CapacityReport.None)
        {
            response.WriteStartArray("ConsumedCapacity");
            foreach (var (table, consumed) in units)
            {
                ConsumedCapacityWriter.WriteObject(response, capacity, table, consumed);
            }

            response.WriteEndArray();
        }
    }

    /// <summary>ItemCollectionMetrics per table with local indexes: one entry per item collection written.</summary>
    private void WriteCollectionMetrics(Utf8JsonWriter response, List<(TableDefinition Table, byte[] Key, Item? NewItem, AttributeValue PartitionKey)> writes)
    {
        var tables = writes.Where(w => ItemCollectionMetrics.Applies(w.Table)).GroupBy(w => w.Table.Name).ToList();
        if (tables.Count == 0)
        {
            return;
        }

        response.WriteStartObject("ItemCollectionMetrics");
        foreach (var table in tables)
        {
            response.WriteStartArray(table.Key);
            foreach (var write in table.DistinctBy(w => w.PartitionKey))
            {
                ItemCollectionMetrics.WriteValue(response, database.ItemCollections, write.Table, write.PartitionKey);
            }

            response.WriteEndArray();
        }

        response.WriteEndObject();
    }
}
