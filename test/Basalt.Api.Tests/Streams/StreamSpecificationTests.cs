using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Conformance;

namespace Basalt.Api.Tests.Streams;

/// <summary>StreamSpecification on CreateTable/UpdateTable and the stream fields of the table description.</summary>
public sealed class StreamSpecificationTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private CreateTableRequest Request(string name, StreamSpecification? stream) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        StreamSpecification = stream,
    };

    [Fact]
    public async Task CreateTable_with_a_stream_reports_it_in_every_table_description()
    {
        var name = UniqueName("stream");
        var created = (await CreateTableAsync(Request(name, new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES }))).TableDescription;

        Assert.True(created.StreamSpecification.StreamEnabled);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, created.StreamSpecification.StreamViewType);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$", created.LatestStreamLabel);
        Assert.Equal($"{created.TableArn}/stream/{created.LatestStreamLabel}", created.LatestStreamArn);

        var described = (await Ddb.DescribeTableAsync(name, Ct)).Table;
        Assert.Equal(created.LatestStreamArn, described.LatestStreamArn);
        Assert.Equal(created.LatestStreamLabel, described.LatestStreamLabel);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, described.StreamSpecification.StreamViewType);

        var updated = (await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, DeletionProtectionEnabled = false }, Ct)).TableDescription;
        Assert.Equal(created.LatestStreamArn, updated.LatestStreamArn);
        Assert.True(updated.StreamSpecification.StreamEnabled);
    }

    [Fact]
    public async Task A_table_without_a_stream_has_no_stream_fields()
    {
        var name = UniqueName("nostream");
        var created = (await CreateTableAsync(Request(name, new StreamSpecification { StreamEnabled = false }))).TableDescription;

        Assert.Null(created.StreamSpecification);
        Assert.Null(created.LatestStreamArn);
        Assert.Null((await Ddb.DescribeTableAsync(name, Ct)).Table.LatestStreamLabel);
    }

    [Fact]
    public async Task CreateTable_rejects_an_enabled_stream_without_a_view_type_and_a_disabled_one_with_one()
    {
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(Request(UniqueName("s"), new StreamSpecification { StreamEnabled = true }), Ct),
            "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required");
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(Request(UniqueName("s"), new StreamSpecification { StreamEnabled = false, StreamViewType = StreamViewType.KEYS_ONLY }), Ct),
            "One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified");
    }

    [Fact]
    public async Task An_unknown_view_type_fails_the_enum_constraint()
    {
        await Expect.ValidationAsync(
            () => Ddb.CreateTableAsync(Request(UniqueName("s"), new StreamSpecification { StreamEnabled = true, StreamViewType = "Fisk" }), Ct),
            "1 validation error detected: Value 'Fisk' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
    }

    [Fact]
    public async Task UpdateTable_enables_disables_and_re_enables_a_stream_with_DynamoDBs_errors()
    {
        var name = await CreateTableAsync();
        var enabled = (await Ddb.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        }, Ct)).TableDescription;
        Assert.Equal(StreamViewType.KEYS_ONLY, enabled.StreamSpecification.StreamViewType);
        Assert.NotNull(enabled.LatestStreamArn);

        // Enabling again is refused, even to change the view type.
        foreach (var type in new[] { StreamViewType.KEYS_ONLY, StreamViewType.NEW_IMAGE })
        {
            await Expect.ValidationAsync(
                () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = type } }, Ct),
                $"Table already has an enabled stream: TableName: {name}");
        }

        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = true } }, Ct),
            "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required");
        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false, StreamViewType = StreamViewType.KEYS_ONLY } }, Ct),
            "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified");

        var disabled = (await Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct)).TableDescription;
        Assert.Null(disabled.StreamSpecification);
        Assert.Equal(enabled.LatestStreamArn, disabled.LatestStreamArn);
        Assert.Equal(enabled.LatestStreamLabel, disabled.LatestStreamLabel);

        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct),
            $"Table has no stream to disable: TableName: {name}");

        var again = (await Ddb.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        }, Ct)).TableDescription;
        Assert.NotEqual(enabled.LatestStreamArn, again.LatestStreamArn);
        Assert.True(string.CompareOrdinal(again.LatestStreamLabel, enabled.LatestStreamLabel) > 0);
        Assert.Equal(StreamViewType.NEW_IMAGE, again.StreamSpecification.StreamViewType);
    }

    [Fact]
    public async Task Disabling_on_a_table_that_never_had_a_stream_fails()
    {
        var name = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct),
            $"Table has no stream to disable: TableName: {name}");
    }
}
