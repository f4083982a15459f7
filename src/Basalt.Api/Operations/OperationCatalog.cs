using Basalt.Api.Protocol;
using Basalt.Api.Streams;
using Basalt.Api.TimeToLive;

namespace Basalt.Api.Operations;

/// <summary>Every operation this server answers.</summary>
public static class OperationCatalog
{
    public static IReadOnlyList<IOperation> Create(Database database) =>
    [
        new CreateTableOperation(database),
        new DescribeTableOperation(database),
        new ListTablesOperation(database),
        new DeleteTableOperation(database),
        new UpdateTableOperation(database),
        new TagOperations.TagResource(database),
        new TagOperations.UntagResource(database),
        new TagOperations.ListTagsOfResource(database),
        new DescribeLimitsOperation(),
        new DescribeEndpointsOperation(),
        new PutItemOperation(database),
        new GetItemOperation(database),
        new UpdateItemOperation(database),
        new DeleteItemOperation(database),
        new QueryOperation(database),
        new ScanOperation(database),
        new BatchGetItemOperation(database),
        new BatchWriteItemOperation(database),
        new UpdateTimeToLiveOperation(database),
        new DescribeTimeToLiveOperation(database),
        new ListStreamsOperation(database),
        new DescribeStreamOperation(database),
        new GetShardIteratorOperation(database),
        new GetRecordsOperation(database),
    ];
}
