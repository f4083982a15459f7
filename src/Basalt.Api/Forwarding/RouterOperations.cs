using Basalt.Api.Operations;
using Basalt.Api.Protocol;

namespace Basalt.Api.Forwarding;

/// <summary>Every operation a router answers, each forwarding to storage nodes (DescribeLimits and DescribeEndpoints are answered in place).</summary>
public static class RouterOperations
{
    public static IReadOnlyList<IOperation> Create(RequestForwarder forwarder) =>
    [
        new AnyNodeOperation("CreateTable", forwarder, changesTable: true),
        new AnyNodeOperation("DescribeTable", forwarder),
        new AnyNodeOperation("ListTables", forwarder),
        new AnyNodeOperation("DeleteTable", forwarder, changesTable: true),
        new AnyNodeOperation("UpdateTable", forwarder, changesTable: true),
        new AnyNodeOperation("TagResource", forwarder),
        new AnyNodeOperation("UntagResource", forwarder),
        new AnyNodeOperation("ListTagsOfResource", forwarder),
        new DescribeLimitsOperation(),
        new DescribeEndpointsOperation(),
        new KeyedItemOperation("PutItem", forwarder),
        new KeyedItemOperation("GetItem", forwarder),
        new KeyedItemOperation("UpdateItem", forwarder),
        new KeyedItemOperation("DeleteItem", forwarder),
        new ForwardedQueryOperation(forwarder),
        new ForwardedScanOperation(forwarder),
        new BatchGetForwarding(forwarder),
        new BatchWriteForwarding(forwarder),
        new AnyNodeOperation("UpdateTimeToLive", forwarder),
        new AnyNodeOperation("DescribeTimeToLive", forwarder),
        new AnyNodeStreamsOperation("ListStreams", forwarder),
        new AnyNodeStreamsOperation("DescribeStream", forwarder),
        new AnyNodeStreamsOperation("GetShardIterator", forwarder),
        new AnyNodeStreamsOperation("GetRecords", forwarder),
    ];
}
