using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Tests.Admission;

public sealed class ThroughputRulesTests
{
    private static readonly DateTimeOffset Morning = new(2022, 10, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_four_decreases_of_a_UTC_day_are_free()
    {
        ThroughputRules.CheckDecreaseAllowed(Table(decreases: 3, last: Morning), Morning.AddMinutes(1));
    }

    [Fact]
    public void After_four_decreases_one_an_hour_is_allowed()
    {
        var table = Table(decreases: 8, last: Morning.AddHours(4));

        var error = Assert.Throws<DynamoDbException>(() => ThroughputRules.CheckDecreaseAllowed(table, Morning.AddHours(4).AddMinutes(59)));
        ThroughputRules.CheckDecreaseAllowed(table, Morning.AddHours(5));

        Assert.Equal("LimitExceededException", error.ErrorCode);
        Assert.Equal(
            "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: 8. Last decrease at Monday, October 10, 2022 at 1:00:00 PM Coordinated Universal Time. Next decrease can be made at Monday, October 10, 2022 at 2:00:00 PM Coordinated Universal Time",
            error.Message);
    }

    [Fact]
    public void The_count_of_decreases_starts_again_each_UTC_day()
    {
        var table = Table(decreases: 4, last: Morning.AddHours(14).AddMinutes(30));
        var nextDay = Morning.AddHours(15).AddMinutes(5);

        Assert.Equal(0, ThroughputRules.DecreasesToday(table, nextDay));
        ThroughputRules.CheckDecreaseAllowed(table, nextDay);
    }

    private static TableDefinition Table(int decreases, DateTimeOffset last) => new()
    {
        Region = "us-east-1",
        Name = "t",
        Id = 1,
        Uuid = Guid.NewGuid().ToString(),
        CreationDateTime = Morning.AddDays(-1),
        PartitionKey = new KeyAttribute("pk", AttributeKind.S),
        AttributeDefinitions = [],
        BillingMode = BillingMode.PROVISIONED,
        ReadCapacityUnits = 100,
        WriteCapacityUnits = 100,
        LastDecreaseDateTime = last,
        NumberOfDecreasesToday = decreases,
    };
}
