using System.Text;
using System.Text.Json;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>Workload mixes, request bodies and option parsing.</summary>
public sealed class WorkloadTests
{
    [Theory]
    [InlineData("ycsb-a", 0.50)]
    [InlineData("ycsb-b", 0.95)]
    [InlineData("ycsb-c", 1.00)]
    [InlineData("get", 1.00)]
    public void YcsbMixesReadAtTheirShare(string name, double readShare)
    {
        var workload = Workload.Parse(name);
        var random = new FastRandom(1);
        var reads = 0;
        for (var i = 0; i < 100_000; i++)
        {
            reads += workload.Next(ref random) == OperationKind.Get ? 1 : 0;
        }

        Assert.InRange(reads / 100_000.0, readShare - 0.01, readShare + 0.01);
        Assert.Equal(readShare, workload.Share(OperationKind.Get));
    }

    [Fact]
    public void UnknownWorkloadIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Workload.Parse("ycsb-z"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RequestBodiesAreJsonNamingTheTable(int operationNumber)
    {
        var operation = (OperationKind)operationNumber;
        var dataset = new BenchDataset("bench-t", 1000, 400, 10, 20, 1);
        var buffer = new byte[dataset.MaxBodySize];

        var length = dataset.WriteBody(operation, 987, buffer);

        using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
        Assert.Equal("bench-t", json.RootElement.GetProperty("TableName").GetString());
    }

    [Fact]
    public void PutWritesAnItemOfTheRequestedSizeUnderTheKeyGetReads()
    {
        var dataset = new BenchDataset("t", 1000, 400, 10, 20, 1);
        var buffer = new byte[dataset.MaxBodySize];
        using var put = JsonDocument.Parse(buffer.AsMemory(0, dataset.WriteBody(OperationKind.Put, 123, buffer)).ToArray());
        using var get = JsonDocument.Parse(buffer.AsMemory(0, dataset.WriteBody(OperationKind.Get, 123, buffer)).ToArray());

        var item = put.RootElement.GetProperty("Item");
        var size = item.EnumerateObject().Sum(p => Encoding.UTF8.GetByteCount(p.Name) + Encoding.UTF8.GetByteCount(p.Value.GetProperty("S").GetString()!));
        Assert.Equal(400, size);
        var key = get.RootElement.GetProperty("Key");
        Assert.Equal("p0000000012", key.GetProperty("pk").GetProperty("S").GetString());
        Assert.Equal("s0003", key.GetProperty("sk").GetProperty("S").GetString());
        Assert.Equal(item.GetProperty("pk").GetRawText(), key.GetProperty("pk").GetRawText());
        Assert.Equal(item.GetProperty("sk").GetRawText(), key.GetProperty("sk").GetRawText());
    }

    [Fact]
    public void QueryReadsOnePartitionOfTheDataset()
    {
        var dataset = new BenchDataset("t", 1000, 400, 10, 20, 1);
        var buffer = new byte[dataset.MaxBodySize];

        using var query = JsonDocument.Parse(buffer.AsMemory(0, dataset.WriteBody(OperationKind.Query, 42, buffer)).ToArray());

        Assert.Equal(100, dataset.KeySpace(OperationKind.Query));
        Assert.Equal("p0000000042", query.RootElement.GetProperty("ExpressionAttributeValues").GetProperty(":p").GetProperty("S").GetString());
    }

    [Fact]
    public void BatchPutHoldsEveryItemOfTheRange()
    {
        var dataset = new BenchDataset("t", 100, 200, 10, 20, 1);
        var buffer = new byte[dataset.BatchBodySize(25)];

        using var batch = JsonDocument.Parse(buffer.AsMemory(0, dataset.WriteBatchPut(75, 25, buffer)).ToArray());

        var puts = batch.RootElement.GetProperty("RequestItems").GetProperty("t").EnumerateArray().ToList();
        Assert.Equal(25, puts.Count);
        Assert.Equal("s0005", puts[0].GetProperty("PutRequest").GetProperty("Item").GetProperty("sk").GetProperty("S").GetString());
        Assert.Equal("p0000000009", puts[24].GetProperty("PutRequest").GetProperty("Item").GetProperty("pk").GetProperty("S").GetString());
    }

    [Theory]
    [InlineData("10s", 10.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("0", 0.0)]
    public void DurationsParse(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), BenchOptions.ParseDuration(text));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1s")]
    public void BadDurationsAreRejected(string text)
    {
        Assert.Throws<FormatException>(() => BenchOptions.ParseDuration(text));
    }
}
