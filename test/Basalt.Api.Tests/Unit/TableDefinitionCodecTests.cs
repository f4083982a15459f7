using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Tests.Unit;

public class TableDefinitionCodecTests
{
    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var table = new TableDefinition
        {
            Region = "eu-west-1",
            Name = "Orders",
            Id = 77,
            Uuid = "6f1c0f0e-5d5c-4d8e-9a43-9a5a4d8e1f00",
            CreationDateTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            PartitionKey = new KeyAttribute("customer", AttributeKind.S),
            SortKey = new KeyAttribute("order", AttributeKind.N),
            AttributeDefinitions = [new KeyAttribute("customer", AttributeKind.S), new KeyAttribute("order", AttributeKind.N)],
            BillingMode = BillingMode.PROVISIONED,
            ReadCapacityUnits = 5,
            WriteCapacityUnits = 7,
            LastIncreaseDateTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_100_000),
            NumberOfDecreasesToday = 2,
            OnDemandSwitches = [DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_200_000)],
            DeletionProtectionEnabled = true,
            TableClass = "STANDARD_INFREQUENT_ACCESS",
            Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["env"] = "test" },
        };

        var decoded = TableDefinitionCodec.Decode(TableDefinitionCodec.Encode(table));

        Assert.Equal(table.Name, decoded.Name);
        Assert.Equal(table.Region, decoded.Region);
        Assert.Equal(table.Id, decoded.Id);
        Assert.Equal(table.Uuid, decoded.Uuid);
        Assert.Equal(table.CreationDateTime, decoded.CreationDateTime);
        Assert.Equal(table.PartitionKey, decoded.PartitionKey);
        Assert.Equal(table.SortKey, decoded.SortKey);
        Assert.Equal(table.AttributeDefinitions, decoded.AttributeDefinitions);
        Assert.Equal(table.BillingMode, decoded.BillingMode);
        Assert.Equal(5, decoded.ReadCapacityUnits);
        Assert.Equal(7, decoded.WriteCapacityUnits);
        Assert.Equal(table.LastIncreaseDateTime, decoded.LastIncreaseDateTime);
        Assert.Null(decoded.LastDecreaseDateTime);
        Assert.Equal(2, decoded.NumberOfDecreasesToday);
        Assert.Equal(table.OnDemandSwitches, decoded.OnDemandSwitches);
        Assert.True(decoded.DeletionProtectionEnabled);
        Assert.Equal("STANDARD_INFREQUENT_ACCESS", decoded.TableClass);
        Assert.Equal("test", decoded.Tags["env"]);
    }

    [Fact]
    public void Decode_RejectsUnknownVersion()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("{\"v\":99}");
        Assert.Throws<CorruptDataException>(() => TableDefinitionCodec.Decode(bytes));
    }
}
