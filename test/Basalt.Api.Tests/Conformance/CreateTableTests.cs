using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Conformance;

public sealed partial class CreateTableTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private static CreateTableRequest OnDemand(string name, params (string Name, string Type, KeyType KeyType)[] keys)
    {
        var request = new CreateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST, KeySchema = [], AttributeDefinitions = [] };
        foreach (var (attribute, type, keyType) in keys)
        {
            request.KeySchema.Add(new KeySchemaElement(attribute, keyType));
            request.AttributeDefinitions.Add(new AttributeDefinition(attribute, new ScalarAttributeType(type)));
        }

        return request;
    }

    private static CreateTableRequest HashOnly(string name) => OnDemand(name, ("pk", "S", KeyType.HASH));

    [GeneratedRegex("^arn:aws:dynamodb:us-east-1:[0-9]{12}:table/(?<name>.+)$")]
    private static partial Regex TableArn();

    [Fact]
    public async Task CreateTable_returns_the_description_of_the_new_table()
    {
        var name = UniqueName("create");
        var response = await Ddb.CreateTableAsync(HashOnly(name), Ct);

        var table = response.TableDescription;
        Assert.Equal(name, table.TableName);
        Assert.Contains(table.TableStatus.Value, new[] { "CREATING", "ACTIVE" });
        var keySchema = Assert.Single(table.KeySchema);
        Assert.Equal("pk", keySchema.AttributeName);
        Assert.Equal(KeyType.HASH, keySchema.KeyType);
        var definition = Assert.Single(table.AttributeDefinitions);
        Assert.Equal("pk", definition.AttributeName);
        Assert.Equal(ScalarAttributeType.S, definition.AttributeType);
        Assert.Equal(0, table.ItemCount);
        Assert.Equal(0, table.TableSizeBytes);
        Assert.Equal(name, TableArn().Match(table.TableArn).Groups["name"].Value);
        Assert.True(Guid.TryParse(table.TableId, out _), $"TableId {table.TableId} is not a UUID");
        Assert.True(table.CreationDateTime > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task CreateTable_with_hash_and_range_keys_keeps_the_key_schema_in_order()
    {
        var name = UniqueName("create");
        var response = await Ddb.CreateTableAsync(OnDemand(name, ("pk", "S", KeyType.HASH), ("sk", "N", KeyType.RANGE)), Ct);

        var keys = response.TableDescription.KeySchema;
        Assert.Equal(2, keys.Count);
        Assert.Equal(("pk", KeyType.HASH), (keys[0].AttributeName, keys[0].KeyType));
        Assert.Equal(("sk", KeyType.RANGE), (keys[1].AttributeName, keys[1].KeyType));
        var definitions = response.TableDescription.AttributeDefinitions.ToDictionary(d => d.AttributeName, d => d.AttributeType.Value);
        Assert.Equal("S", definitions["pk"]);
        Assert.Equal("N", definitions["sk"]);
    }

    [Theory]
    [InlineData("S")]
    [InlineData("N")]
    [InlineData("B")]
    public async Task CreateTable_accepts_every_key_type_for_hash_and_range_keys(string type)
    {
        var name = UniqueName("create");
        await CreateTableAsync(OnDemand(name, ("pk", type, KeyType.HASH), ("sk", type, KeyType.RANGE)));

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.All(table.AttributeDefinitions, d => Assert.Equal(type, d.AttributeType.Value));
    }

    [Fact]
    public async Task CreateTable_on_demand_reports_pay_per_request_and_zero_throughput()
    {
        var name = UniqueName("create");
        await CreateTableAsync(HashOnly(name));

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
        Assert.Equal(0, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(0, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task CreateTable_provisioned_reports_the_requested_throughput()
    {
        var name = UniqueName("create");
        var request = HashOnly(name);
        request.BillingMode = BillingMode.PROVISIONED;
        request.ProvisionedThroughput = new ProvisionedThroughput(5, 7);
        await CreateTableAsync(request);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(5, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(7, table.ProvisionedThroughput.WriteCapacityUnits);
        Assert.Equal(0, table.ProvisionedThroughput.NumberOfDecreasesToday);
        if (table.BillingModeSummary is not null)
        {
            Assert.Equal(BillingMode.PROVISIONED, table.BillingModeSummary.BillingMode);
        }
    }

    [Fact]
    public async Task CreateTable_without_billing_mode_defaults_to_provisioned()
    {
        var name = UniqueName("create");
        var request = HashOnly(name);
        request.BillingMode = null;
        request.ProvisionedThroughput = new ProvisionedThroughput(3, 4);
        await CreateTableAsync(request);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(3, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(4, table.ProvisionedThroughput.WriteCapacityUnits);
        Assert.NotEqual(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
    }

    [Fact]
    public async Task CreateTable_twice_with_the_same_name_fails_with_ResourceInUseException()
    {
        var name = UniqueName("dup");
        await CreateTableAsync(HashOnly(name));

        var ex = await Assert.ThrowsAsync<ResourceInUseException>(() => Ddb.CreateTableAsync(HashOnly(name), Ct));
        Assert.Equal("ResourceInUseException", ex.ErrorCode);
        Assert.Equal($"Table already exists: {name}", ex.Message);
    }

    [Fact]
    public async Task Table_names_are_case_sensitive()
    {
        var name = "Case" + UniqueName("x");
        await CreateTableAsync(HashOnly(name));
        await CreateTableAsync(HashOnly(name.ToLowerInvariant()));

        Assert.Equal(name, (await Ddb.DescribeTableAsync(name, Ct)).Table.TableName);
        Assert.Equal(name.ToLowerInvariant(), (await Ddb.DescribeTableAsync(name.ToLowerInvariant(), Ct)).Table.TableName);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("A.b-c_9")]
    [InlineData(".leading-dot")]
    [InlineData("___")]
    public async Task CreateTable_accepts_names_of_letters_digits_dot_dash_and_underscore(string prefix)
    {
        var name = prefix + (prefix.Length == 3 ? "" : UniqueName("n"));
        await CreateTableAsync(HashOnly(name));
        Assert.Equal(name, (await Ddb.DescribeTableAsync(name, Ct)).Table.TableName);
    }

    [Fact]
    public async Task CreateTable_accepts_a_255_character_name()
    {
        var name = UniqueName("long").PadRight(255, 'z');
        await CreateTableAsync(HashOnly(name));
        Assert.Equal(name, (await Ddb.DescribeTableAsync(name, Ct)).Table.TableName);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a")]
    public async Task CreateTable_rejects_names_shorter_than_3_characters(string name)
    {
        await Expect.ValidationOneOfAsync(
            () => Ddb.CreateTableAsync(HashOnly(name), Ct),
            "TableName must be at least 3 characters long and at most 255 characters long",
            $"Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    }

    [Fact]
    public async Task CreateTable_rejects_a_256_character_name()
    {
        var name = new string('a', 256);
        await Expect.ValidationOneOfAsync(
            () => Ddb.CreateTableAsync(HashOnly(name), Ct),
            "TableName must be at least 3 characters long and at most 255 characters long",
            $"Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255");
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("bad!name")]
    [InlineData("nyh@test")]
    [InlineData("tåble")]
    [InlineData("a/b/c")]
    public async Task CreateTable_rejects_names_with_characters_outside_the_pattern(string name)
    {
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(HashOnly(name), Ct),
            $"Value '{name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    [Fact]
    public async Task CreateTable_without_key_schema_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.KeySchema = null;
        await Expect.ValidationContainingAsync(() => Ddb.CreateTableAsync(request, Ct), "keySchema");
    }

    [Fact]
    public async Task CreateTable_with_empty_key_schema_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.KeySchema = [];
        await Expect.ValidationContainingAsync(() => Ddb.CreateTableAsync(request, Ct), "keySchema", "Member must have length greater than or equal to 1");
    }

    [Fact]
    public async Task CreateTable_without_attribute_definitions_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.AttributeDefinitions = null;
        var ex = await Expect.ErrorAsync(() => Ddb.CreateTableAsync(request, Ct), "ValidationException");
        Assert.Contains("ttributeDefinitions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTable_with_a_key_attribute_missing_from_the_definitions_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.AttributeDefinitions = [new AttributeDefinition("other", ScalarAttributeType.S)];
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]");
    }

    [Fact]
    public async Task CreateTable_with_an_unused_attribute_definition_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.AttributeDefinitions.Add(new AttributeDefinition("extra", ScalarAttributeType.S));
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
    }

    [Fact]
    public async Task CreateTable_with_two_hash_keys_is_rejected()
    {
        var request = OnDemand(UniqueName("v"), ("pk", "S", KeyType.HASH), ("sk", "S", KeyType.HASH));
        await Expect.ValidationAsync(() => Ddb.CreateTableAsync(request, Ct), "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }

    [Fact]
    public async Task CreateTable_whose_first_key_is_a_range_key_is_rejected()
    {
        var request = OnDemand(UniqueName("v"), ("pk", "S", KeyType.RANGE), ("sk", "S", KeyType.RANGE));
        await Expect.ValidationAsync(() => Ddb.CreateTableAsync(request, Ct), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }

    [Fact]
    public async Task CreateTable_with_only_a_range_key_is_rejected()
    {
        var request = OnDemand(UniqueName("v"), ("sk", "S", KeyType.RANGE));
        await Expect.ValidationAsync(() => Ddb.CreateTableAsync(request, Ct), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }

    [Fact]
    public async Task CreateTable_with_the_same_attribute_as_hash_and_range_key_is_rejected()
    {
        var request = OnDemand(UniqueName("v"), ("pk", "S", KeyType.HASH));
        request.KeySchema.Add(new KeySchemaElement("pk", KeyType.RANGE));
        await Expect.ErrorAsync(() => Ddb.CreateTableAsync(request, Ct), "ValidationException");
    }

    [Fact]
    public async Task CreateTable_with_three_key_elements_is_rejected()
    {
        var request = OnDemand(UniqueName("v"), ("a", "S", KeyType.HASH), ("b", "S", KeyType.RANGE), ("c", "S", KeyType.RANGE));
        await Expect.ValidationContainingAsync(() => Ddb.CreateTableAsync(request, Ct), "keySchema", "Member must have length less than or equal to 2");
    }

    [Fact]
    public async Task CreateTable_with_an_unknown_attribute_type_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.AttributeDefinitions[0].AttributeType = ScalarAttributeType.FindValue("Q");
        await Expect.ValidationContainingAsync(() => Ddb.CreateTableAsync(request, Ct), "attributeType", "Member must satisfy enum value set");
    }

    [Fact]
    public async Task CreateTable_with_an_unknown_key_type_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.KeySchema[0].KeyType = KeyType.FindValue("PRIMARY");
        await Expect.ValidationContainingAsync(() => Ddb.CreateTableAsync(request, Ct), "keyType", "Member must satisfy enum value set: [HASH, RANGE]");
    }

    [Fact]
    public async Task CreateTable_with_a_duplicate_attribute_definition_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.AttributeDefinitions.Add(new AttributeDefinition("pk", ScalarAttributeType.N));
        var ex = await Expect.ErrorAsync(() => Ddb.CreateTableAsync(request, Ct), "ValidationException");
        Assert.Contains("uplicate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pk", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("PayPerRequest")]
    public async Task CreateTable_with_an_unknown_billing_mode_is_rejected(string mode)
    {
        var request = HashOnly(UniqueName("v"));
        request.BillingMode = BillingMode.FindValue(mode);
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            $"Value '{mode}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }

    [Fact]
    public async Task CreateTable_on_demand_with_provisioned_throughput_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.ProvisionedThroughput = new ProvisionedThroughput(10, 10);
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }

    [Fact]
    public async Task CreateTable_provisioned_without_throughput_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.BillingMode = BillingMode.PROVISIONED;
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }

    [Fact]
    public async Task CreateTable_without_billing_mode_or_throughput_is_rejected()
    {
        var request = HashOnly(UniqueName("v"));
        request.BillingMode = null;
        await Expect.ErrorAsync(() => Ddb.CreateTableAsync(request, Ct), "ValidationException");
    }

    [Theory]
    [InlineData(0, 5, "readCapacityUnits", 0)]
    [InlineData(5, 0, "writeCapacityUnits", 0)]
    [InlineData(-1, 5, "readCapacityUnits", -1)]
    public async Task CreateTable_with_throughput_below_one_is_rejected(long read, long write, string member, long value)
    {
        var request = HashOnly(UniqueName("v"));
        request.BillingMode = BillingMode.PROVISIONED;
        request.ProvisionedThroughput = new ProvisionedThroughput(read, write);
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(request, Ct),
            $"Value '{value}' at 'provisionedThroughput.{member}' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    [Fact]
    public async Task CreateTable_accepts_tags()
    {
        var name = UniqueName("tags");
        var request = HashOnly(name);
        request.Tags = [new Tag { Key = "team", Value = "storage" }, new Tag { Key = "env", Value = "" }];
        await CreateTableAsync(request);
        Assert.Equal(name, (await Ddb.DescribeTableAsync(name, Ct)).Table.TableName);
    }

    [Fact]
    public async Task Tags_given_at_creation_are_listed_by_ListTagsOfResource()
    {
        var name = UniqueName("tags");
        var request = HashOnly(name);
        request.Tags = [new Tag { Key = "team", Value = "storage" }];
        var created = await CreateTableAsync(request);

        var tags = await Ddb.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = created.TableDescription.TableArn }, Ct);
        var tag = Assert.Single(tags.Tags);
        Assert.Equal(("team", "storage"), (tag.Key, tag.Value));
    }

    [Fact]
    public async Task CreateTable_with_a_global_secondary_index_describes_it()
    {
        var request = OnDemand(UniqueName("gsi"), ("pk", "S", KeyType.HASH));
        request.AttributeDefinitions.Add(new AttributeDefinition("g", ScalarAttributeType.S));
        request.GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = "byG",
                KeySchema = [new KeySchemaElement("g", KeyType.HASH)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ];
        await Ddb.CreateTableAsync(request, Ct);
        var index = Assert.Single((await Ddb.DescribeTableAsync(request.TableName, Ct)).Table.GlobalSecondaryIndexes);
        Assert.Equal("byG", index.IndexName);
        Assert.Equal(IndexStatus.ACTIVE, index.IndexStatus);
    }

    [Fact]
    public async Task CreateTable_with_a_local_secondary_index_describes_it()
    {
        var request = OnDemand(UniqueName("lsi"), ("pk", "S", KeyType.HASH), ("sk", "S", KeyType.RANGE));
        request.AttributeDefinitions.Add(new AttributeDefinition("l", ScalarAttributeType.S));
        request.LocalSecondaryIndexes =
        [
            new LocalSecondaryIndex
            {
                IndexName = "byL",
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("l", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
            },
        ];
        await Ddb.CreateTableAsync(request, Ct);
        var index = Assert.Single((await Ddb.DescribeTableAsync(request.TableName, Ct)).Table.LocalSecondaryIndexes);
        Assert.Equal("byL", index.IndexName);
        Assert.Equal(ProjectionType.KEYS_ONLY, index.Projection.ProjectionType);
    }

    [Fact]
    public async Task A_rejected_CreateTable_creates_nothing()
    {
        var request = HashOnly(UniqueName("v"));
        request.ProvisionedThroughput = new ProvisionedThroughput(1, 1);
        await Expect.ErrorAsync(() => Ddb.CreateTableAsync(request, Ct), "ValidationException");
        await Expect.TableNotFoundAsync(() => Ddb.DescribeTableAsync(request.TableName, Ct), request.TableName);
    }

    [Fact]
    public async Task A_table_can_be_created_again_after_it_was_deleted()
    {
        var name = UniqueName("recreate");
        var first = await CreateTableAsync(HashOnly(name));
        await PutAsync(name, Av.Key("old"));
        await Ddb.DeleteTableAsync(name, Ct);
        await WaitForDeletionAsync(name);

        var second = await CreateTableAsync(HashOnly(name));
        Assert.NotEqual(first.TableDescription.TableId, second.TableDescription.TableId);
        Assert.Null(await GetAsync(name, Av.Key("old")));
    }

    private async Task WaitForDeletionAsync(string name)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            try
            {
                await Ddb.DescribeTableAsync(name, Ct);
            }
            catch (ResourceNotFoundException)
            {
                return;
            }

            await Task.Yield(); // Basalt answers at once; the bounded loop only guards against a regression
        }

        Assert.Fail($"Table {name} was not deleted");
    }

    [Fact]
    public async Task Tables_are_namespaced_by_the_region_of_the_credential_scope()
    {
        var name = UniqueName("region");
        await CreateTableAsync(HashOnly(name));

        using var west = Fixture.CreateClient("us-west-2");
        await Expect.TableNotFoundAsync(() => west.DescribeTableAsync(name, Ct), name);
        await west.CreateTableAsync(HashOnly(name), Ct);
        var westTable = (await west.DescribeTableAsync(name, Ct)).Table;
        Assert.StartsWith("arn:aws:dynamodb:us-west-2:", westTable.TableArn, StringComparison.Ordinal);
    }
}
