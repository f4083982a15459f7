using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Conformance;

public sealed class UpdateTableTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private async Task<string> CreateProvisionedAsync(long read, long write)
    {
        var name = UniqueName("prov");
        await CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput(read, write),
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        });
        return name;
    }

    [Fact]
    public async Task UpdateTable_changes_provisioned_throughput()
    {
        var name = await CreateProvisionedAsync(5, 5);

        var response = await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, ProvisionedThroughput = new ProvisionedThroughput(10, 20) }, Ct);
        Assert.Equal(name, response.TableDescription.TableName);
        await WaitForActiveAsync(name);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(10, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(20, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task UpdateTable_switches_provisioned_to_on_demand()
    {
        var name = await CreateProvisionedAsync(5, 5);

        await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST }, Ct);
        await WaitForActiveAsync(name);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary.BillingMode);
        Assert.Equal(0, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(0, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task UpdateTable_switches_on_demand_to_provisioned()
    {
        var name = await CreateTableAsync();

        await Ddb.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput(3, 4),
        }, Ct);
        await WaitForActiveAsync(name);

        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(BillingMode.PROVISIONED, table.BillingModeSummary.BillingMode);
        Assert.Equal(3, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(4, table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task UpdateTable_to_the_current_throughput_is_rejected()
    {
        var name = await CreateProvisionedAsync(5, 6);

        await Expect.ValidationStartingWithAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, ProvisionedThroughput = new ProvisionedThroughput(5, 6) }, Ct),
            "The provisioned throughput for the table will not change. The requested value equals the current value. " +
            "Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. " +
            "Current WriteCapacityUnits provisioned for the table: 6. Requested WriteCapacityUnits: 6.");
    }

    [Fact]
    public async Task UpdateTable_of_a_missing_table_fails_with_ResourceNotFoundException()
    {
        var name = UniqueName("missing");
        await Expect.TableNotFoundAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST }, Ct),
            name);
    }

    [Fact]
    public async Task UpdateTable_with_throughput_on_an_on_demand_table_is_rejected()
    {
        var name = await CreateTableAsync();

        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, ProvisionedThroughput = new ProvisionedThroughput(5, 5) }, Ct),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }

    [Fact]
    public async Task UpdateTable_to_provisioned_without_throughput_is_rejected()
    {
        var name = await CreateTableAsync();

        await Expect.ErrorAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PROVISIONED }, Ct),
            "ValidationException");
    }

    [Fact]
    public async Task UpdateTable_with_nothing_to_update_is_rejected()
    {
        var name = await CreateTableAsync();

        await Expect.ErrorAsync(() => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name }, Ct), "ValidationException");
    }

    [Fact]
    public async Task UpdateTable_with_zero_throughput_is_rejected()
    {
        var name = await CreateProvisionedAsync(5, 5);

        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, ProvisionedThroughput = new ProvisionedThroughput(0, 5) }, Ct),
            "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    [Fact]
    public async Task UpdateTable_with_an_unknown_billing_mode_is_rejected()
    {
        var name = await CreateTableAsync();

        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.FindValue("FREE") }, Ct),
            "Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }

    [Fact]
    public async Task UpdateTable_keeps_the_items_and_the_key_schema()
    {
        var name = await CreateProvisionedAsync(5, 5);
        await PutAsync(name, Item(("pk", S("kept")), ("v", N(42))));

        await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST }, Ct);
        await WaitForActiveAsync(name);

        Expect.Item(Item(("pk", S("kept")), ("v", N(42))), await GetAsync(name, Key("kept")));
        var table = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal("pk", Assert.Single(table.KeySchema).AttributeName);
    }
}
