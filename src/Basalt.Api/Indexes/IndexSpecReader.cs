using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Indexes;

/// <summary>
/// Reads LocalSecondaryIndexes / GlobalSecondaryIndexes (CreateTable) and GSI Create actions
/// (UpdateTable) into index specifications, with DynamoDB's constraint and semantic messages.
/// Ids are assigned by the caller.
/// </summary>
public static class IndexSpecReader
{
    public const int MaxLocalIndexes = 5;
    public const int MaxGlobalIndexes = 20;

    /// <summary>One index as requested, before ids are allocated.</summary>
    public sealed record IndexSpec(
        string Name,
        bool IsGlobal,
        string PartitionKeyName,
        string? SortKeyName,
        ProjectionKind Projection,
        IReadOnlyList<string> NonKeyAttributes,
        (long Read, long Write)? Throughput);

    public static List<IndexSpec> ReadList(JsonElement body, string member, bool isGlobal, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<IndexSpec>();
        if (!JsonParameters.TryGetArray(body, member, out var array))
        {
            return result;
        }

        var path = isGlobal ? "globalSecondaryIndexes" : "localSecondaryIndexes";
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            result.Add(ReadOne(element, string.Create(CultureInfo.InvariantCulture, $"{path}.{index}.member"), isGlobal, errors));
        }

        return result;
    }

    public static IndexSpec ReadOne(JsonElement element, string path, bool isGlobal, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonParameters.Serialization("Unexpected value type in payload for a secondary index: expected a structure");
        }

        var name = TableNameRules.Read(element, errors, "IndexName", path + ".indexName") ?? string.Empty;
        string? hash = null, range = null;
        var keySchema = KeySchemaRules.ReadKeySchema(element, errors, path + ".keySchema");
        if (keySchema is { Count: > 0 and <= 2 } && keySchema.All(k => k.Type is "HASH" or "RANGE"))
        {
            (hash, range) = KeySchemaRules.HashAndRange(keySchema);
        }

        var projection = ProjectionKind.ALL;
        var nonKey = new List<string>();
        if (!JsonParameters.TryGetObject(element, "Projection", out var projectionJson))
        {
            errors.Null(path + ".projection");
        }
        else
        {
            var type = JsonParameters.GetString(projectionJson, "ProjectionType");
            switch (type)
            {
                case "ALL":
                    projection = ProjectionKind.ALL;
                    break;
                case "KEYS_ONLY":
                    projection = ProjectionKind.KEYS_ONLY;
                    break;
                case "INCLUDE":
                    projection = ProjectionKind.INCLUDE;
                    break;
                case null:
                    break;
                default:
                    errors.Add(ValidationErrors.Quote(type), path + ".projection.projectionType", "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
                    break;
            }

            if (JsonParameters.TryGetArray(projectionJson, "NonKeyAttributes", out var attributes))
            {
                foreach (var attribute in attributes.EnumerateArray())
                {
                    nonKey.Add(attribute.ValueKind == JsonValueKind.String ? attribute.GetString()! : throw JsonParameters.Serialization("Unexpected value type in payload for member NonKeyAttributes: expected a string"));
                }

                if (type is not "INCLUDE")
                {
                    throw new ValidationException($"One or more parameter values were invalid: ProjectionType is {type ?? "ALL"}, but NonKeyAttributes is specified");
                }
            }
            else if (type is "INCLUDE")
            {
                throw new ValidationException("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
            }
        }

        var throughput = isGlobal ? ThroughputRules.ReadThroughput(element, errors, path + ".provisionedThroughput") : null;
        return new IndexSpec(name, isGlobal, hash ?? string.Empty, range, projection, nonKey, throughput);
    }

    /// <summary>Checks indexes against the table (key schema, billing, limits, duplicate names).</summary>
    public static void Check(IReadOnlyList<IndexSpec> indexes, string tablePartitionKey, string? tableSortKey, BillingMode billing, IEnumerable<string> existingNames)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var names = new HashSet<string>(existingNames, StringComparer.Ordinal);
        var locals = 0;
        var globals = 0;
        foreach (var index in indexes)
        {
            if (!names.Add(index.Name))
            {
                throw new ValidationException($"One or more parameter values were invalid: Duplicate index name: {index.Name}");
            }

            if (index.IsGlobal)
            {
                globals++;
                if (billing == BillingMode.PROVISIONED && index.Throughput is null)
                {
                    throw new ValidationException($"One or more parameter values were invalid: ProvisionedThroughput should not be null for index: {index.Name}");
                }

                if (billing == BillingMode.PAY_PER_REQUEST && index.Throughput is not null)
                {
                    throw new ValidationException($"One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: {index.Name} when BillingMode is PAY_PER_REQUEST");
                }

                continue;
            }

            locals++;
            if (tableSortKey is null)
            {
                throw new ValidationException("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }

            if (!string.Equals(index.PartitionKeyName, tablePartitionKey, StringComparison.Ordinal))
            {
                throw new ValidationException(
                    $"One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: {index.Name}. index hash key: {index.PartitionKeyName}, table hash key: {tablePartitionKey}");
            }

            if (index.SortKeyName is null)
            {
                throw new ValidationException($"One or more parameter values were invalid: Index KeySchema must have a range key for index: {index.Name}");
            }
        }

        if (locals > MaxLocalIndexes)
        {
            throw new ValidationException("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5");
        }

        if (globals > MaxGlobalIndexes)
        {
            throw new ValidationException("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20");
        }
    }

    /// <summary>Builds the definition once the attribute types are known.</summary>
    public static IndexDefinition Define(IndexSpec spec, ulong id, IReadOnlyList<KeyAttribute> definitions, string status)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(definitions);
        KeyAttribute Find(string name) => definitions.First(d => string.Equals(d.Name, name, StringComparison.Ordinal));
        return new IndexDefinition
        {
            Name = spec.Name,
            Id = id,
            IsGlobal = spec.IsGlobal,
            PartitionKey = Find(spec.PartitionKeyName),
            SortKey = spec.SortKeyName is null ? null : Find(spec.SortKeyName),
            Projection = spec.Projection,
            NonKeyAttributes = spec.NonKeyAttributes,
            Status = status,
            ReadCapacityUnits = spec.Throughput?.Read ?? 0,
            WriteCapacityUnits = spec.Throughput?.Write ?? 0,
        };
    }
}
