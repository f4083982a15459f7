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
        var keySchema = KeySchemaRules.ReadKeySchema(body, errors);
        var definitions = KeySchemaRules.ReadAttributeDefinitions(body, errors);
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
            PartitionCount = database.InitialPartitions,
            TableClass = tableClass,
            Tags = tags ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Stream = stream,
        }).ConfigureAwait(false);
        if (stream is not null)
        {
            await database.Streams.Catalog.ReconcileAsync(table.Region, table.Name).ConfigureAwait(false);
        }

        // The table's partitions are hosted on every node and have elected their leaders before the
        // table is described as ACTIVE.
        await database.Replicas.WaitForLeadersAsync(table, context.CancellationToken).ConfigureAwait(false);

        database.Items.Statistics.Adjust(table.Id, 0, 0);
        TableDescriptionWriter.Write(response, "TableDescription", table, database.Items.Statistics, database.Clock.GetUtcNow());
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

        var (hashName, rangeName) = KeySchemaRules.HashAndRange(keySchema);
        if (hashName == rangeName)
        {
            throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
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
