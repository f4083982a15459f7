using Basalt.Api.Replicas;

namespace Basalt.Api.Tests.Cluster;

/// <summary>
/// Three storage nodes in cluster mode, one per zone, under the metadata service (three meta
/// members), all over loopback gRPC: tables are created through a node's Items service, requests run on partition leaders, and
/// a node that does not lead answers with a route correction naming the leader.
/// </summary>
public sealed class ClusterNodeTests : IAsyncLifetime
{
    private const string Table = """{"TableName":"Orders","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}""";

    private MetaMembers? _meta;
    private ClusterNodes? _nodes;

    private ClusterNodes Nodes => _nodes!;

    public async ValueTask InitializeAsync()
    {
        _meta = await MetaMembers.StartAsync();
        _nodes = await ClusterNodes.StartAsync(_meta.Urls);
    }

    public async ValueTask DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        if (_meta is not null)
        {
            await _meta.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_table_created_through_one_node_serves_items_at_its_leader_and_other_nodes_redirect()
    {
        var created = await Nodes.RunAsync(2, "CreateTable", Table);
        Assert.Equal("Orders", created.GetProperty("TableDescription").GetProperty("TableName").GetString());

        // Every node's catalog mirrors the map, and the partition has a leader there.
        await Nodes[1].Map.WaitForVersionAsync(Nodes[2].Map.Store.Version, TestContext.Current.CancellationToken);
        var table = Nodes[1].Database.Catalog.Get(ClusterNodes.Region, "Orders");
        var group = PartitionRouting.GroupId(table.Id, 0);
        var leader = Nodes[1].Map.Store.PartitionsOf(table.Id)[0].LeaderHint;
        Assert.NotEqual(0UL, leader);
        foreach (var node in Nodes.Nodes)
        {
            var described = await Nodes.RunAsync(node.Id, "DescribeTable", """{"TableName":"Orders"}""");
            Assert.Equal("ACTIVE", described.GetProperty("Table").GetProperty("TableStatus").GetString());
        }

        var again = await Nodes.ExecuteAsync(3, "CreateTable", Table);
        Assert.Equal(400, again.Status);
        Assert.Equal(("ResourceInUseException", "Table already exists: Orders"), ClusterNodes.Error(again));

        await Nodes.RunAsync(leader, "PutItem", """{"TableName":"Orders","Item":{"pk":{"S":"a"},"n":{"N":"1"}}}""");
        var item = await Nodes.RunAsync(leader, "GetItem", """{"TableName":"Orders","Key":{"pk":{"S":"a"}},"ConsistentRead":true}""");
        Assert.Equal("1", item.GetProperty("Item").GetProperty("n").GetProperty("N").GetString());

        var refused = await Nodes.ExecuteAsync(leader, "PutItem", """{"TableName":"Orders","Item":{"pk":{"S":"a"},"n":{"N":"2"}},"ConditionExpression":"attribute_not_exists(pk)"}""");
        Assert.Equal(400, refused.Status);
        Assert.Equal("ConditionalCheckFailedException", ClusterNodes.Error(refused).Type);
        var update = await Nodes.ExecuteAsync(leader, "UpdateItem", """{"TableName":"Orders","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = n + :one","ConditionExpression":"n = :two","ExpressionAttributeValues":{":one":{"N":"1"},":two":{"N":"2"}}}""");
        Assert.Equal("ConditionalCheckFailedException", ClusterNodes.Error(update).Type);

        foreach (var other in Nodes.Nodes.Where(n => n.Id != leader))
        {
            var reply = await Nodes.ExecuteAsync(other.Id, "PutItem", """{"TableName":"Orders","Item":{"pk":{"S":"b"}}}""");
            Assert.NotNull(reply.Correction);
            Assert.Equal(group, reply.Correction.Group);
            Assert.Equal(leader, reply.Correction.LeaderNode);
            Assert.Equal(Nodes[leader].Url.ToString().TrimEnd('/'), reply.Correction.LeaderAddress);
            Assert.True(reply.Correction.Hosted);
        }

        var missing = await Nodes.ExecuteAsync(1, "GetItem", """{"TableName":"Nope","Key":{"pk":{"S":"a"}}}""");
        Assert.Equal("ResourceNotFoundException", ClusterNodes.Error(missing).Type);
    }

    [Fact]
    public async Task Streams_are_refused_in_cluster_mode()
    {
        var reply = await Nodes.ExecuteAsync(1, "CreateTable", Table.Replace("\"BillingMode\"", "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"},\"BillingMode\"", StringComparison.Ordinal));
        Assert.Equal(400, reply.Status);
        Assert.Equal("ValidationException", ClusterNodes.Error(reply).Type);
        Assert.Null(Nodes[1].Database.Catalog.Find(ClusterNodes.Region, "Orders"));
    }

    [Fact]
    public async Task A_deleted_table_leaves_every_node()
    {
        await Nodes.RunAsync(1, "CreateTable", Table);
        var table = Nodes[1].Database.Catalog.Get(ClusterNodes.Region, "Orders");
        var group = PartitionRouting.GroupId(table.Id, 0);
        await Nodes.RunAsync(3, "DeleteTable", """{"TableName":"Orders"}""");
        var missing = await Nodes.ExecuteAsync(2, "DescribeTable", """{"TableName":"Orders"}""");
        Assert.Equal("ResourceNotFoundException", ClusterNodes.Error(missing).Type);

        // Each node unhosts the group once its map has the deletion (process-level wait: poll with a deadline).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Nodes.Nodes.Any(n => n.Host.Node.Replica(group) is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, "the dropped table's group is still hosted");
            await Task.Yield();
            await Nodes.Nodes[0].Map.Changed.WaitAsync(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task Items_of_a_table_with_several_partitions_are_written_at_their_leaders_and_scanned_per_partition()
    {
        await using var meta = await MetaMembers.StartAsync();
        await using var nodes = await ClusterNodes.StartAsync(meta.Urls, partitions: 4);
        await nodes.RunAsync(1, "CreateTable", Table.Replace("Orders", "Wide", StringComparison.Ordinal));
        var table = nodes[1].Database.Catalog.Get(ClusterNodes.Region, "Wide");
        Assert.Equal(4, table.PartitionCount);
        Assert.Equal(4, nodes[1].Map.Store.PartitionsOf(table.Id).Count);

        for (var i = 0; i < 40; i++)
        {
            var (_, reply) = await nodes.RouteAsync("PutItem", "{\"TableName\":\"Wide\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"}}}");
            Assert.Equal(200, reply.Status);
        }

        var count = 0;
        foreach (var group in PartitionRouting.GroupsOf(table))
        {
            var (_, reply) = await nodes.RouteAsync("Scan", """{"TableName":"Wide","ConsistentRead":true}""", group);
            Assert.True(reply.Status == 200, ClusterNodes.Utf8(reply.Body));
            using var document = System.Text.Json.JsonDocument.Parse(reply.Body.Memory);
            count += document.RootElement.GetProperty("Count").GetInt32();
        }

        Assert.Equal(40, count);
    }

    [Fact]
    public async Task A_deleted_global_index_leaves_every_node_and_adding_one_is_refused()
    {
        const string withIndex = """{"TableName":"Indexed","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}""";
        await Nodes.RunAsync(1, "CreateTable", withIndex);
        var table = Nodes[1].Database.Catalog.Get(ClusterNodes.Region, "Indexed");
        var index = Assert.Single(table.GlobalIndexes).Id;
        Assert.True(index > Metadata.StateMachine.PartitionMap.MaxTableId);
        Assert.Equal(200, (await Nodes.RouteAsync("PutItem", """{"TableName":"Indexed","Item":{"pk":{"S":"a"},"g":{"S":"x"}}}""")).Reply.Status);
        var (_, query) = await Nodes.RouteAsync("Query", """{"TableName":"Indexed","IndexName":"byG","KeyConditionExpression":"g = :x","ExpressionAttributeValues":{":x":{"S":"x"}}}""", PartitionRouting.GroupId(table.Id, 0));
        Assert.True(query.Status == 200, ClusterNodes.Utf8(query.Body));
        Assert.Contains("\"Count\":1", ClusterNodes.Utf8(query.Body), StringComparison.Ordinal);

        var adding = await Nodes.ExecuteAsync(2, "UpdateTable", """{"TableName":"Indexed","AttributeDefinitions":[{"AttributeName":"h","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byH","KeySchema":[{"AttributeName":"h","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}""");
        Assert.Equal("ValidationException", ClusterNodes.Error(adding).Type);

        Assert.Contains(Nodes.Nodes, n => Entries(n, index) == 1);
        await Nodes.RunAsync(2, "UpdateTable", """{"TableName":"Indexed","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byG"}}]}""");
        await Nodes[3].Map.WaitForVersionAsync(Nodes[2].Map.Store.Version, TestContext.Current.CancellationToken);
        Assert.Empty(Nodes[3].Database.Catalog.Get(ClusterNodes.Region, "Indexed").GlobalIndexes);

        // Each node deletes the index's entries once its map has the change (network-level wait: poll with a deadline).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Nodes.Nodes.Any(n => Entries(n, index) > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the deleted index's entries are still there");
            await Nodes.Nodes[0].Map.Changed.WaitAsync(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static int Entries(Api.Cluster.ClusterNode node, ulong id)
    {
        using var cursor = node.Host.Node.Engine.OpenCursor(Storage.ColumnFamily.Data, Model.KeyCodec.EncodeTablePrefix(id), Model.KeyCodec.EncodeTablePrefix(id + 1), reverse: false);
        var count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }
}
