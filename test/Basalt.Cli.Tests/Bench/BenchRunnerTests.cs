using Basalt.Api;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>The whole benchmark (table set-up, preload, closed loop, result) against an in-process Basalt.</summary>
[Collection(BenchRuns.Collection)]
public sealed class BenchRunnerTests : IAsyncLifetime
{
    private BasaltServer? _server;

    public async ValueTask InitializeAsync() =>
        _server = await BasaltServer.StartAsync(new BasaltServerOptions { InMemory = true, Port = 0 }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("put", "PutItem", "sockets")]
    [InlineData("put", "PutItem", "epoll")]
    [InlineData("get", "GetItem", "epoll")]
    [InlineData("update", "UpdateItem", "epoll")]
    [InlineData("query", "Query", "epoll")]
    [InlineData("scan", "Scan", "epoll")]
    [InlineData("ycsb-a", "GetItem,UpdateItem", "sockets")]
    [InlineData("ycsb-a", "GetItem,UpdateItem", "epoll")]
    public async Task EveryWorkloadRunsWithoutErrors(string workload, string operations, string transport)
    {
        Assert.SkipWhen(transport == "epoll" && !Epoll.IsSupported, "epoll is Linux-only");
        var options = new BenchOptions
        {
            Endpoint = _server!.Url,
            Workload = Workload.Parse(workload),
            Items = 120,
            ItemSize = 300,
            Distribution = DistributionKind.Zipfian,
            Concurrency = 4,
            Warmup = TimeSpan.Zero,
            // A bounded number of requests, not a time window: the outcome must not depend on how
            // fast the machine is (the window is only an upper bound).
            Duration = TimeSpan.FromMinutes(5),
            RequestsPerConnection = 40,
            Table = "bench-" + workload + "-" + transport,
            Transport = BenchTransportNames.Parse(transport),
            Loops = 2,
        };

        var result = await BenchRunner.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.NotNull(result);
        Assert.Equal(
            ("no errors", true, result.Requests, 4),
            (result.Errors.Count == 0 ? "no errors" : string.Join(", ", result.Errors), result.Succeeded > 0, result.Succeeded, result.Connects));
        Assert.Equal(operations.Split(','), result.Operations.Select(o => o.Operation));
        Assert.All(result.Operations, o => Assert.True(o.Requests > 0 && o.Latency.P50 > 0));
    }

    [Fact]
    public async Task PreloadOnlyWritesEveryItemAndMeasuresNothing()
    {
        var options = new BenchOptions
        {
            Endpoint = _server!.Url,
            Workload = Workload.Parse("get"),
            Items = 61,
            Duration = TimeSpan.Zero,
            Table = "bench-preload",
        };

        var result = await BenchRunner.RunAsync(options, TestContext.Current.CancellationToken);

        Assert.Null(result);
        var table = _server.Database.Catalog.GetForItems("us-east-1", "bench-preload");
        Assert.Equal(61, _server.Database.Items.Statistics.Get(table.Id).ItemCount);
    }
}
