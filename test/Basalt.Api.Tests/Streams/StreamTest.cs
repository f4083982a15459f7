using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Conformance;

namespace Basalt.Api.Tests.Streams;

/// <summary>Base of the stream tests on the shared server: a Streams API client and streamed tables.</summary>
public abstract class StreamTest(BasaltFixture fixture) : ConformanceTest(fixture), IDisposable
{
    private StreamsClient? streams;

    internal StreamsClient Streams => streams ??= new StreamsClient(Fixture.Url);

    /// <summary>Creates a table (pk S, optional sk S) with a stream of the given view type; returns its name and stream ARN.</summary>
    protected async Task<(string Table, string Arn)> CreateStreamedTableAsync(string viewType, bool withSortKey = false, string hint = "st")
    {
        var name = UniqueName(hint);
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = viewType },
        };
        if (withSortKey)
        {
            request.KeySchema.Add(new KeySchemaElement("sk", KeyType.RANGE));
            request.AttributeDefinitions.Add(new AttributeDefinition("sk", ScalarAttributeType.S));
        }

        var created = await CreateTableAsync(request);
        return (name, created.TableDescription.LatestStreamArn);
    }

    /// <summary>The stream's only shard id.</summary>
    protected async Task<string> OnlyShardAsync(string arn)
    {
        var shards = await Streams.ShardsAsync(arn);
        return Assert.Single(shards).GetProperty("ShardId").GetString()!;
    }

    public void Dispose()
    {
        streams?.Dispose();
        GC.SuppressFinalize(this);
    }
}
