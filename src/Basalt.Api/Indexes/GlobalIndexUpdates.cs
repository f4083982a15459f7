using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Indexes;

/// <summary>
/// UpdateTable's GlobalSecondaryIndexUpdates: Create (the index starts CREATING and is backfilled
/// in the background), Update (throughput) and Delete (entries purged in the background).
/// </summary>
public sealed class GlobalIndexUpdates
{
    private readonly List<IndexSpecReader.IndexSpec> _creates = [];
    private readonly List<string> _deletes = [];
    private readonly List<(string Name, (long Read, long Write) Throughput)> _updates = [];
    private List<KeyAttribute>? _definitions;

    public bool IsEmpty => _creates.Count == 0 && _deletes.Count == 0 && _updates.Count == 0;

    public IReadOnlyList<string> CreatedNames => _creates.Select(c => c.Name).ToList();

    public static GlobalIndexUpdates Read(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new GlobalIndexUpdates();
        if (!JsonParameters.TryGetArray(body, "GlobalSecondaryIndexUpdates", out var array))
        {
            return result;
        }

        var n = 0;
        foreach (var update in array.EnumerateArray())
        {
            n++;
            var path = string.Create(CultureInfo.InvariantCulture, $"globalSecondaryIndexUpdates.{n}.member");
            if (JsonParameters.TryGetObject(update, "Create", out var create))
            {
                result._creates.Add(IndexSpecReader.ReadOne(create, path + ".create", isGlobal: true, errors));
            }
            else if (JsonParameters.TryGetObject(update, "Delete", out var delete))
            {
                result._deletes.Add(TableNameRules.Read(delete, errors, "IndexName", path + ".delete.indexName") ?? string.Empty);
            }
            else if (JsonParameters.TryGetObject(update, "Update", out var change))
            {
                var name = TableNameRules.Read(change, errors, "IndexName", path + ".update.indexName") ?? string.Empty;
                var throughput = ThroughputRules.ReadThroughput(change, errors, path + ".update.provisionedThroughput");
                if (throughput is null)
                {
                    errors.Null(path + ".update.provisionedThroughput");
                }

                result._updates.Add((name, throughput ?? default));
            }
            else
            {
                throw new ValidationException("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update, or GlobalSecondaryIndexUpdate.Delete must be specified");
            }
        }

        if (result._creates.Count + result._deletes.Count > 1)
        {
            throw new ValidationException("One or more parameter values were invalid: Only 1 online index can be created or deleted simultaneously per table");
        }

        if (result._creates.Count > 0)
        {
            result._definitions = JsonParameters.TryGetArray(body, "AttributeDefinitions", out _)
                ? KeySchemaRules.ReadAttributeDefinitions(body, errors)
                : null;
        }

        return result;
    }

    /// <summary>Applies the updates to a table definition, drawing ids for new indexes.</summary>
    public TableDefinition Apply(TableDefinition table, Func<ulong> nextId)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(nextId);
        var globals = table.GlobalIndexes.ToList();
        var definitions = table.AttributeDefinitions.ToList();
        foreach (var name in _deletes)
        {
            var index = globals.FindIndex(g => g.Name == name);
            if (index < 0)
            {
                throw new DynamoDbException("ResourceNotFoundException", $"Requested resource not found: Index: {name} not found");
            }

            globals.RemoveAt(index);
        }

        foreach (var (name, throughput) in _updates)
        {
            var index = globals.FindIndex(g => g.Name == name);
            if (index < 0)
            {
                throw new DynamoDbException("ResourceNotFoundException", $"Requested resource not found: Index: {name} not found");
            }

            if (table.BillingMode == BillingMode.PAY_PER_REQUEST)
            {
                throw new ValidationException($"One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: {name} when BillingMode is PAY_PER_REQUEST");
            }

            globals[index] = globals[index] with { ReadCapacityUnits = throughput.Read, WriteCapacityUnits = throughput.Write };
        }

        foreach (var create in _creates)
        {
            if (table.FindIndex(create.Name) is not null)
            {
                throw new ValidationException($"One or more parameter values were invalid: Attempting to create an index which already exists: {create.Name}");
            }

            IndexSpecReader.Check([create], table.PartitionKey.Name, table.SortKey?.Name, table.BillingMode, []);
            foreach (var keyName in new[] { create.PartitionKeyName, create.SortKeyName })
            {
                if (keyName is null || definitions.Any(d => d.Name == keyName))
                {
                    continue;
                }

                var defined = _definitions?.FirstOrDefault(d => d.Name == keyName)
                    ?? throw new ValidationException(
                        $"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{keyName}], AttributeDefinitions: [{string.Join(", ", (_definitions ?? []).Select(d => d.Name))}]");
                definitions.Add(defined);
            }

            if (globals.Count >= IndexSpecReader.MaxGlobalIndexes)
            {
                throw new ValidationException("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20");
            }

            globals.Add(IndexSpecReader.Define(create, nextId(), definitions, "CREATING"));
        }

        return table with { GlobalIndexes = globals, AttributeDefinitions = definitions };
    }
}
