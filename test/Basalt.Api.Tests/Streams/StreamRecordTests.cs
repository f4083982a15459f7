using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Conformance;
using static Basalt.Api.Tests.Conformance.Av;

namespace Basalt.Api.Tests.Streams;

/// <summary>What each kind of write leaves in the stream, for every view type, and the fields of a record.</summary>
public sealed class StreamRecordTests(BasaltFixture fixture) : StreamTest(fixture)
{
    public static TheoryData<string> ViewTypes => ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];

    [Theory]
    [MemberData(nameof(ViewTypes))]
    public async Task Every_change_appears_once_in_order_with_the_images_of_the_view_type_and_no_change_appears_not_at_all(string viewType)
    {
        var (table, arn) = await CreateStreamedTableAsync(viewType, withSortKey: true);
        var key = Item(("pk", S("p")), ("sk", S("c")));

        await PutAsync(table, Item(("pk", S("p")), ("sk", S("c")), ("x", N(2))));                       // INSERT
        await PutAsync(table, Item(("pk", S("p")), ("sk", S("c")), ("x", N(2))));                       // same image: nothing
        await PutAsync(table, Item(("pk", S("p")), ("sk", S("c")), ("y", N(3))));                       // MODIFY
        await Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key }, Ct);           // REMOVE
        await Ddb.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key }, Ct);           // missing: nothing
        await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = key,
            UpdateExpression = "SET b = :v",
            ExpressionAttributeValues = new() { [":v"] = N(4) },
        }, Ct);                                                                                           // INSERT
        await Ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = key,
            UpdateExpression = "SET x = :v",
            ExpressionAttributeValues = new() { [":v"] = N(5) },
        }, Ct);                                                                                           // MODIFY
        await Ddb.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [new WriteRequest(new PutRequest(Item(("pk", S("p")), ("sk", S("c")), ("x", N(5)))))] },
        }, Ct);                                                                                           // MODIFY
        await Expect.ConditionFailedAsync(() => Ddb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("p")), ("sk", S("c")), ("z", N(9))),
            ConditionExpression = "attribute_not_exists(pk)",
        }, Ct));                                                                                          // condition fails: nothing

        var records = await Streams.ReadAllAsync(arn);

        string?[][] expected =
        [
            ["INSERT", null, "x=2"],
            ["MODIFY", "x=2", "y=3"],
            ["REMOVE", "y=3", null],
            ["INSERT", null, "b=4"],
            ["MODIFY", "b=4", "b=4,x=5"],
            ["MODIFY", "b=4,x=5", "x=5"],
        ];
        Assert.Equal(expected.Select(e => e[0]), records.Select(r => r.EventName));
        for (var i = 0; i < expected.Length; i++)
        {
            var record = records[i];
            Assert.Equal("p", record.Key("pk"));
            Assert.Equal("c", record.Key("sk"));
            Assert.Equal(2, record.Keys.EnumerateObject().Count());
            Assert.Equal(viewType, record.Dynamodb.GetProperty("StreamViewType").GetString());
            AssertImage(StreamViewTypeIncludesOld(viewType) ? expected[i][1] : null, record.OldImage);
            AssertImage(StreamViewTypeIncludesNew(viewType) ? expected[i][2] : null, record.NewImage);
        }

        var sequences = records.Select(r => r.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task A_record_carries_every_field_GetRecords_documents()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.NEW_AND_OLD_IMAGES);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await PutAsync(table, Item(("pk", S("a")), ("n", N(1))));
        await PutAsync(table, Item(("pk", S("b")), ("n", N(1))));

        var records = await Streams.ReadAllAsync(arn);

        Assert.Equal(2, records.Count);
        var json = records[0].Json;
        Assert.Equal("aws:dynamodb", json.GetProperty("eventSource").GetString());
        Assert.Equal("1.1", json.GetProperty("eventVersion").GetString());
        Assert.Equal("us-east-1", json.GetProperty("awsRegion").GetString());
        Assert.Matches("^[0-9a-f]{32}$", json.GetProperty("eventID").GetString());
        Assert.NotEqual(json.GetProperty("eventID").GetString(), records[1].Json.GetProperty("eventID").GetString());
        Assert.False(json.TryGetProperty("userIdentity", out _));
        Assert.Matches("^[0-9]{21,40}$", records[0].SequenceNumber);
        var created = records[0].Dynamodb.GetProperty("ApproximateCreationDateTime").GetDouble();
        Assert.InRange(created, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var keys = new Basalt.Model.Item { ["pk"] = Basalt.Model.AttributeValue.FromString("a") };
        var image = new Basalt.Model.Item(keys) { ["n"] = Basalt.Model.AttributeValue.FromNumber(Basalt.Model.DynamoNumber.FromInt64(1)) };
        Assert.Equal(Basalt.Model.ItemSize.Of(keys) + Basalt.Model.ItemSize.Of(image), records[0].Dynamodb.GetProperty("SizeBytes").GetInt32());
        Assert.True(records[1].Sequence > records[0].Sequence);
    }

    [Fact]
    public async Task An_UpdateItem_that_changes_nothing_leaves_no_record()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.NEW_AND_OLD_IMAGES);
        var set = new UpdateItemRequest
        {
            TableName = table,
            Key = Item(("pk", S("k"))),
            UpdateExpression = "SET x = :v",
            ExpressionAttributeValues = new() { [":v"] = N(1) },
        };
        await Ddb.UpdateItemAsync(set, Ct);
        await Ddb.UpdateItemAsync(set, Ct);
        await Ddb.UpdateItemAsync(new UpdateItemRequest { TableName = table, Key = Item(("pk", S("k"))), UpdateExpression = "REMOVE absent" }, Ct);

        Assert.Equal(["INSERT"], (await Streams.ReadAllAsync(arn)).Select(r => r.EventName));
    }

    [Fact]
    public async Task Reading_the_stream_again_returns_the_same_records()
    {
        var (table, arn) = await CreateStreamedTableAsync(StreamViewType.KEYS_ONLY);
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(table, Item(("pk", S(i.ToString(CultureInfo.InvariantCulture)))));
        }

        var first = await Streams.ReadAllAsync(arn);
        var second = await Streams.ReadAllAsync(arn);

        Assert.Equal(5, first.Count);
        Assert.Equal(first.Select(r => r.Json.GetProperty("eventID").GetString()), second.Select(r => r.Json.GetProperty("eventID").GetString()));
        Assert.Equal(first.Select(r => r.SequenceNumber), second.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Writes_to_a_table_without_a_stream_leave_nothing_and_enabling_starts_a_fresh_stream()
    {
        var table = await CreateTableAsync();
        await PutAsync(table, Item(("pk", S("before"))));
        var arn = (await Ddb.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        }, Ct)).TableDescription.LatestStreamArn;
        await PutAsync(table, Item(("pk", S("after"))));

        var records = await Streams.ReadAllAsync(arn);

        Assert.Equal(["after"], records.Select(r => r.Key()));
    }

    private static bool StreamViewTypeIncludesOld(string viewType) => viewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES";

    private static bool StreamViewTypeIncludesNew(string viewType) => viewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES";

    /// <summary>Expected "a=1,b=2" (besides the key attributes), or null for no image.</summary>
    private static void AssertImage(string? expected, System.Text.Json.JsonElement? image)
    {
        if (expected is null)
        {
            Assert.Null(image);
            return;
        }

        Assert.NotNull(image);
        var attributes = image.Value.EnumerateObject()
            .Where(p => p.Name is not ("pk" or "sk"))
            .Select(p => $"{p.Name}={p.Value.GetProperty("N").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(',', attributes));
        Assert.Equal("p", Rec.Attr(image, "pk"));
        Assert.Equal("c", Rec.Attr(image, "sk"));
    }
}
