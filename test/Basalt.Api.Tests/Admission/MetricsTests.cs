using Amazon.DynamoDBv2;

namespace Basalt.Api.Tests.Admission;

/// <summary>/metrics exports consumed capacity, throttles and burst balance per table and partition.</summary>
public sealed class MetricsTests(AdmissionServer server) : IClassFixture<AdmissionServer>
{
    [Fact]
    public async Task Metrics_export_consumption_throttles_and_burst_balance_per_table_and_partition()
    {
        var table = await server.CreateTableAsync("metered", BillingMode.PROVISIONED, read: 1, write: 1);
        var writes = await server.WriteAsync(table, 400, TimeSpan.FromMilliseconds(1));
        var throttled = 400 - writes.Admitted;

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(server.Server.Url, "/metrics"), TestContext.Current.CancellationToken);

        Assert.Contains(
            $"basalt_table_consumed_capacity_units_total{{region=\"us-east-1\",table=\"metered\",kind=\"write\"}} {writes.Admitted}",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            $"basalt_partition_throttled_requests_total{{region=\"us-east-1\",table=\"metered\",partition=\"0\",kind=\"write\"}} {throttled}",
            text,
            StringComparison.Ordinal);
        Assert.Contains("basalt_partition_burst_balance_units{region=\"us-east-1\",table=\"metered\",partition=\"0\",kind=\"read\"} 300", text, StringComparison.Ordinal);
        Assert.Contains("basalt_table_capacity_units{region=\"us-east-1\",table=\"metered\",kind=\"write\"} 1", text, StringComparison.Ordinal);
    }
}
