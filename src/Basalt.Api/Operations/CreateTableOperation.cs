using System.Globalization;
using System.Text.Json;
using Basalt.Api.Indexes;
using Basalt.Api.Protocol;
using Basalt.Api.Streams;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>CreateTable: validates the key schema, billing and tags, and adds the table to the catalog (ACTIVE at once).</summary>
public sealed class CreateTableOperation(Database database) : IOperation
{
    public string Name => "CreateTable";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body;
        var errors = new ValidationErrors();
        var name = TableNameRules.Read(body, errors);
        var keySchema = ReadKeySchema(body, errors);
        var definitions = ReadAttributeDefinitions(body, errors);
        var billing = ThroughputRules.ReadBillingMode(body, errors);
        var throughput = ThroughputRules.ReadThroughput(body, errors);
        var tags = TagRules.Read(body, errors, "tags");
        var streamSpecification = StreamSpecificationRules.Read(body, errors);
        var indexes = IndexSpecReader.ReadList(body, "LocalSecondaryIndexes", isGlobal: false, errors);
        indexes.AddRange(IndexSpecReader.ReadList(body, "GlobalSecondaryIndexes", isGlobal: true, errors));
        errors.ThrowIfAny();

        var stream = StreamSpecificationRules.ForCreate(streamSpecification, database.Clock.GetUtcNow());

        var (partitionKey, sortKey) = ResolveKeys(keySchema!, definitions!, indexes);
        var mode = billing ?? BillingMode.PROVISIONED;
        IndexSpecReader.Check(indexes, partitionKey.Name, sortKey?.Name, mode, []);
        if (mode == BillingMode.PROVISIONED && throughput is null)
        {
            throw new ValidationException("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }

        if (mode == BillingMode.PAY_PER_REQUEST && throughput is not null)
        {
            throw new ValidationException("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }

        if (throughput is { } units)
        {
            ThroughputRules.CheckUnitsLimit(units.Read, units.Write);
        }

        var tableClass = JsonParameters.GetString(body, "TableClass") ?? "STANDARD";
        if (tableClass is not ("STANDARD" or "STANDARD_INFREQUENT_ACCESS"))
        {
            var classErrors = new ValidationErrors();
            classErrors.Add(ValidationErrors.Quote(tableClass), "tableClass", "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]");
            classErrors.ThrowIfAny();
        }

        var now = database.Clock.GetUtcNow();
        var table = await database.Catalog.CreateAsync(context.Region, name!, nextId => new TableDefinition
        {
            Region = context.Region,
            Name = name!,
            Id = nextId(),
            LocalIndexes = indexes.Where(i => !i.IsGlobal).Select(i => IndexSpecReader.Define(i, nextId(), definitions!, "ACTIVE")).ToArray(),
            GlobalIndexes = indexes.Where(i => i.IsGlobal).Select(i => IndexSpecReader.Define(i, nextId(), definitions!, "ACTIVE")).ToArray(),
            Uuid = Guid.NewGuid().ToString(),
            CreationDateTime = now,
            PartitionKey = partitionKey,
            SortKey = sortKey,
            AttributeDefinitions = definitions!,
            BillingMode = mode,
            ReadCapacityUnits = throughput?.Read ?? 0,
            WriteCapacityUnits = throughput?.Write ?? 0,
            LastBillingModeUpdate = mode == BillingMode.PAY_PER_REQUEST ? now : null,
            DeletionProtectionEnabled = JsonParameters.GetBool(body, "DeletionProtectionEnabled") ?? false,
            TableClass = tableClass,
            Tags = tags ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Stream = stream,
        }).ConfigureAwait(false);
        if (stream is not null)
        {
            await database.Streams.Catalog.ReconcileAsync(table.Region, table.Name).ConfigureAwait(false);
        }

        database.Items.Statistics.Adjust(table.Id, 0, 0);
        TableDescriptionWriter.Write(response, "TableDescription", table, database.Items.Statistics, database.Clock.GetUtcNow());
    }

    private static List<(string Name, string Type)>? ReadKeySchema(JsonElement body, ValidationErrors errors)
    {
        if (!JsonParameters.TryGetArray(body, "KeySchema", out var array))
        {
            errors.Null("keySchema");
            return null;
        }

        var result = new List<(string, string)>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member KeySchema: expected a structure");
            }

            var attributeName = JsonParameters.GetString(element, "AttributeName");
            var keyType = JsonParameters.GetString(element, "KeyType");
            var path = string.Create(CultureInfo.InvariantCulture, $"keySchema.{index}.member");
            if (attributeName is null)
            {
                errors.Null(path + ".attributeName");
            }
            else if (attributeName.Length is 0 or > 255)
            {
                errors.Add(ValidationErrors.Quote(attributeName), path + ".attributeName", attributeName.Length == 0
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 255");
            }

            if (keyType is null)
            {
                errors.Null(path + ".keyType");
            }
            else if (keyType is not ("HASH" or "RANGE"))
            {
                errors.Add(ValidationErrors.Quote(keyType), path + ".keyType", "Member must satisfy enum value set: [HASH, RANGE]");
            }

            result.Add((attributeName ?? string.Empty, keyType ?? string.Empty));
        }

        if (result.Count == 0)
        {
            errors.Add("'[]'", "keySchema", "Member must have length greater than or equal to 1");
        }
        else if (result.Count > 2)
        {
            errors.Add("'[" + string.Join(", ", result.Select(k => $"KeySchemaElement(attributeName={k.Item1}, keyType={k.Item2})")) + "]'", "keySchema", "Member must have length less than or equal to 2");
        }

        return result;
    }

    internal static List<KeyAttribute>? ReadAttributeDefinitions(JsonElement body, ValidationErrors errors)
    {
        if (!JsonParameters.TryGetArray(body, "AttributeDefinitions", out var array))
        {
            errors.Null("attributeDefinitions");
            return null;
        }

        var result = new List<KeyAttribute>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw JsonParameters.Serialization("Unexpected value type in payload for member AttributeDefinitions: expected a structure");
            }

            var attributeName = JsonParameters.GetString(element, "AttributeName");
            var attributeType = JsonParameters.GetString(element, "AttributeType");
            var path = string.Create(CultureInfo.InvariantCulture, $"attributeDefinitions.{index}.member");
            if (attributeName is null)
            {
                errors.Null(path + ".attributeName");
            }

            var kind = AttributeKind.S;
            if (attributeType is null)
            {
                errors.Null(path + ".attributeType");
            }
            else if (attributeType is "S" or "N" or "B")
            {
                kind = Enum.Parse<AttributeKind>(attributeType);
            }
            else
            {
                errors.Add(ValidationErrors.Quote(attributeType), path + ".attributeType", "Member must satisfy enum value set: [B, N, S]");
            }

            result.Add(new KeyAttribute(attributeName ?? string.Empty, kind));
        }

        return result;
    }

    private static (KeyAttribute PartitionKey, KeyAttribute? SortKey) ResolveKeys(List<(string Name, string Type)> keySchema, List<KeyAttribute> definitions, List<IndexSpecReader.IndexSpec> indexes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!names.Add(definition.Name))
            {
                throw new ValidationException("Attribute Name is duplicated: " + definition.Name);
            }
        }

        if (keySchema[0].Type != "HASH")
        {
            throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }

        if (keySchema.Count == 2)
        {
            if (keySchema[1].Type != "RANGE")
            {
                throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }

            if (keySchema[0].Name == keySchema[1].Name)
            {
                throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
        }

        var keyNames = keySchema.Select(k => k.Name).ToList();
        foreach (var index in indexes)
        {
            keyNames.Add(index.PartitionKeyName);
            if (index.SortKeyName is not null)
            {
                keyNames.Add(index.SortKeyName);
            }
        }

        var missing = keyNames.Distinct(StringComparer.Ordinal).Where(k => !names.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ValidationException(
                $"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", missing)}], AttributeDefinitions: [{string.Join(", ", definitions.Select(d => d.Name))}]");
        }

        if (definitions.Count != keyNames.Distinct(StringComparer.Ordinal).Count())
        {
            throw new ValidationException(
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }

        KeyAttribute Find(string attributeName) => definitions.First(d => d.Name == attributeName);
        return (Find(keySchema[0].Name), keySchema.Count == 2 ? Find(keySchema[1].Name) : null);
    }
}
