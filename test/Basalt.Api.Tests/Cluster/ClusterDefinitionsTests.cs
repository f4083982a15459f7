using Basalt.Api.Cluster;
using Basalt.Api.Streams;
using Basalt.Api.Tables;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Basalt.Model;
using CsCheck;

namespace Basalt.Api.Tests.Cluster;

public class ClusterDefinitionsTests
{
    [Fact]
    public void IndexIds_NeverCollideWithTablesTheStreamIdOrOtherTables()
    {
        Gen.Select(Gen.ULong[1, PartitionMap.MaxTableId], Gen.ULong[1, ClusterIds.MaxOrdinal]).Sample((table, ordinal) =>
        {
            var id = ClusterIds.IndexId(table, ordinal);
            return id > PartitionMap.MaxTableId
                && id != StreamRecordKeys.ReservedTableId
                && ClusterIds.IsIndexOf(table, id)
                && !ClusterIds.IsIndexOf(table + 1, id)
                && !ClusterIds.IsIndexOf(table - 1, id)
                && ClusterIds.OrdinalOf(table, id) == ordinal
                && id >= ClusterIds.IndexRangeStart(table) && id < ClusterIds.IndexRangeStart(table + 1);
        });
        Assert.NotEqual(StreamRecordKeys.ReservedTableId, ClusterIds.IndexId(PartitionMap.MaxTableId, ClusterIds.MaxOrdinal));
    }

    [Fact]
    public void Definitions_CarryOrdinalsInTheMap_AndRealIdsInUse()
    {
        var created = Table(id: 0, lsi: 1, gsi: 2);
        var bytes = ClusterDefinitions.Encode(created);
        Assert.Equal(0UL, TableDefinitionCodec.Decode(bytes).Id);

        var decoded = ClusterDefinitions.Decode(new TableInfo("us-east-1", "Orders", 42, bytes, Version: 7));
        Assert.Equal(42UL, decoded.Id);
        Assert.Equal(ClusterIds.IndexId(42, 1), decoded.LocalIndexes[0].Id);
        Assert.Equal(ClusterIds.IndexId(42, 2), decoded.GlobalIndexes[0].Id);
        Assert.Equal(3UL, ClusterDefinitions.NextOrdinal(decoded));

        // An update encodes the real ids back as ordinals.
        var again = TableDefinitionCodec.Decode(ClusterDefinitions.Encode(decoded));
        Assert.Equal(0UL, again.Id);
        Assert.Equal([1UL], again.LocalIndexes.Select(i => i.Id));
        Assert.Equal([2UL], again.GlobalIndexes.Select(i => i.Id));
    }

    private static TableDefinition Table(ulong id, ulong lsi, ulong gsi) => new()
    {
        Region = "us-east-1",
        Name = "Orders",
        Id = id,
        Uuid = "6f1c0f0e-5d5c-4d8e-9a43-9a5a4d8e1f00",
        CreationDateTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        PartitionKey = new KeyAttribute("customer", AttributeKind.S),
        SortKey = new KeyAttribute("order", AttributeKind.N),
        AttributeDefinitions = [new KeyAttribute("customer", AttributeKind.S), new KeyAttribute("order", AttributeKind.N), new KeyAttribute("day", AttributeKind.S)],
        BillingMode = BillingMode.PAY_PER_REQUEST,
        LocalIndexes = [Index("byDay", lsi, global: false)],
        GlobalIndexes = [Index("byDayGlobal", gsi, global: true)],
    };

    private static IndexDefinition Index(string name, ulong id, bool global) => new()
    {
        Name = name,
        Id = id,
        IsGlobal = global,
        PartitionKey = global ? new KeyAttribute("day", AttributeKind.S) : new KeyAttribute("customer", AttributeKind.S),
        SortKey = global ? null : new KeyAttribute("day", AttributeKind.S),
        Projection = ProjectionKind.ALL,
    };
}
