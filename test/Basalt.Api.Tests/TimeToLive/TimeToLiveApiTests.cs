using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Conformance;

namespace Basalt.Api.Tests.TimeToLive;

/// <summary>UpdateTimeToLive and DescribeTimeToLive through the SDK, with DynamoDB's errors.</summary>
public sealed class TimeToLiveApiTests(BasaltFixture fixture) : ConformanceTest(fixture)
{
    private Task<UpdateTimeToLiveResponse> UpdateAsync(string table, string attribute, bool enabled) =>
        Ddb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = enabled },
        }, Ct);

    private async Task<TimeToLiveDescription> DescribeAsync(string table) =>
        (await Ddb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }, Ct)).TimeToLiveDescription;

    [Fact]
    public async Task A_new_table_has_TTL_disabled()
    {
        var description = await DescribeAsync(await CreateTableAsync());
        Assert.Equal(TimeToLiveStatus.DISABLED, description.TimeToLiveStatus);
        Assert.Null(description.AttributeName);
    }

    [Fact]
    public async Task Enabling_and_disabling_TTL_is_reported_and_repeating_either_fails()
    {
        var table = await CreateTableAsync();

        var enabled = await UpdateAsync(table, "expires", enabled: true);
        Assert.Equal("expires", enabled.TimeToLiveSpecification.AttributeName);
        Assert.True(enabled.TimeToLiveSpecification.Enabled);
        var description = await DescribeAsync(table);
        Assert.Equal(TimeToLiveStatus.ENABLED, description.TimeToLiveStatus);
        Assert.Equal("expires", description.AttributeName);

        await Expect.ValidationAsync(() => UpdateAsync(table, "expires", enabled: true), "TimeToLive is already enabled");
        await Expect.ValidationAsync(
            () => UpdateAsync(table, "other", enabled: true),
            "TimeToLive is active on a different AttributeName: current AttributeName is expires");

        var disabled = await UpdateAsync(table, "expires", enabled: false);
        Assert.False(disabled.TimeToLiveSpecification.Enabled);
        Assert.Equal(TimeToLiveStatus.DISABLED, (await DescribeAsync(table)).TimeToLiveStatus);
        await Expect.ValidationAsync(() => UpdateAsync(table, "expires", enabled: false), "TimeToLive is already disabled");

        await UpdateAsync(table, "other", enabled: true);
        Assert.Equal("other", (await DescribeAsync(table)).AttributeName);
    }

    [Fact]
    public async Task TTL_operations_on_a_missing_table_fail_with_ResourceNotFoundException()
    {
        var name = UniqueName("missing");
        await Expect.TableNotFoundAsync(() => DescribeAsync(name), name);
        await Expect.TableNotFoundAsync(() => UpdateAsync(name, "expires", enabled: true), name);
    }

    [Fact]
    public async Task UpdateTimeToLive_validates_its_specification()
    {
        var table = await CreateTableAsync();
        await Expect.ValidationAsync(
            () => Ddb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest { TableName = table }, Ct),
            "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
        await Expect.ValidationAsync(
            () => UpdateAsync(table, string.Empty, enabled: true),
            "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1");
        await Expect.ValidationAsync(
            () => UpdateAsync(table, new string('a', 256), enabled: true),
            $"1 validation error detected: Value '{new string('a', 256)}' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255");
    }
}
