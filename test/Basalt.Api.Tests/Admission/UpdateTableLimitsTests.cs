using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Admission;

/// <summary>DynamoDB's limits on UpdateTable: throughput decreases per UTC day, switches to on-demand per 24 hours.</summary>
public sealed class UpdateTableLimitsTests(AdmissionServer server) : IClassFixture<AdmissionServer>
{
    [Fact]
    public async Task A_fifth_decrease_within_an_hour_of_the_fourth_is_refused_with_LimitExceededException()
    {
        var table = await server.CreateTableAsync("decreases", BillingMode.PROVISIONED, read: 100, write: 100);
        for (var units = 90; units >= 60; units -= 10)
        {
            await UpdateAsync(table, units);
        }

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => UpdateAsync(table, 50));

        Assert.StartsWith(
            "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: 4. Last decrease at ",
            error.Message,
            StringComparison.Ordinal);
        var described = await server.Client.DescribeTableAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(4, described.Table.ProvisionedThroughput.NumberOfDecreasesToday);
        Assert.Equal(60, described.Table.ProvisionedThroughput.ReadCapacityUnits);
    }

    [Fact]
    public async Task Increases_are_not_limited()
    {
        var table = await server.CreateTableAsync("increases", BillingMode.PROVISIONED, read: 1, write: 1);

        for (var units = 2; units <= 10; units++)
        {
            await UpdateAsync(table, units);
        }

        var described = await server.Client.DescribeTableAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(10, described.Table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Fact]
    public async Task A_fifth_switch_to_on_demand_within_24_hours_is_refused_but_switching_back_is_not()
    {
        var table = await server.CreateTableAsync("switches", BillingMode.PROVISIONED, read: 5, write: 5);
        for (var i = 0; i < 4; i++)
        {
            await SwitchAsync(table, BillingMode.PAY_PER_REQUEST);
            await SwitchAsync(table, BillingMode.PROVISIONED);
        }

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => SwitchAsync(table, BillingMode.PAY_PER_REQUEST));

        Assert.StartsWith("Subscriber limit exceeded: Update to PayPerRequest mode is limited to 4 times within a rolling 24 hour window.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throughput_decrease_takes_effect_on_the_next_request()
    {
        var table = await server.CreateTableAsync("decrease-now", BillingMode.PROVISIONED, read: 5, write: 1000);
        await server.WriteAsync(table, 500, TimeSpan.FromMilliseconds(1));

        await UpdateAsync(table, 1);
        var after = await server.WriteAsync(table, 1000, TimeSpan.FromMilliseconds(10));

        // The 1 WCU share now refills the 300 s bank slowly; what was banked at 1,000 WCU is capped at 300.
        Assert.InRange(after.Admitted, 290, 320);
    }

    [Fact]
    public async Task DescribeLimits_reports_the_table_limit_that_UpdateTable_enforces()
    {
        var limits = await server.Client.DescribeLimitsAsync(new DescribeLimitsRequest(), TestContext.Current.CancellationToken);
        var table = await server.CreateTableAsync("limits", BillingMode.PROVISIONED, read: 1, write: 1);

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => UpdateAsync(table, limits.TableMaxWriteCapacityUnits!.Value + 1));

        Assert.Equal(40000, limits.TableMaxWriteCapacityUnits);
        Assert.Equal(80000, limits.AccountMaxReadCapacityUnits);
        Assert.Contains("40000", error.Message, StringComparison.Ordinal);
    }

    private Task UpdateAsync(string table, long units) =>
        server.Client.UpdateTableAsync(new UpdateTableRequest { TableName = table, ProvisionedThroughput = new ProvisionedThroughput(units, units) }, TestContext.Current.CancellationToken);

    private Task SwitchAsync(string table, BillingMode mode) =>
        server.Client.UpdateTableAsync(
            new UpdateTableRequest
            {
                TableName = table,
                BillingMode = mode,
                ProvisionedThroughput = mode == BillingMode.PROVISIONED ? new ProvisionedThroughput(5, 5) : null,
            },
            TestContext.Current.CancellationToken);
}
