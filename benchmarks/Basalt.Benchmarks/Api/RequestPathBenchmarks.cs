using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Basalt.Api;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Storage;

namespace Basalt.Benchmarks.Api;

/// <summary>
/// The request path without the network: JSON body → parse → validate → evaluate → encode →
/// store (in-memory engine) → JSON response, for the hot operations.
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private Database _database = null!;
    private OperationRegistry _registry = null!;
    private byte[] _put = null!;
    private byte[] _get = null!;
    private byte[] _update = null!;
    private byte[] _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = Database.OpenAsync([new InMemoryStorageEngine()], durable: false, TimeProvider.System).GetAwaiter().GetResult();
        _registry = new OperationRegistry(OperationCatalog.Create(_database));
        Run("CreateTable", """{"TableName":"bench","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"}"""u8.ToArray());
        for (var i = 0; i < 100; i++)
        {
            Run("PutItem", Encoding.UTF8.GetBytes("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"user-1\"},\"sk\":{\"N\":\"" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"},\"name\":{\"S\":\"some name\"},\"count\":{\"N\":\"1\"}}}"));
        }

        _put = """{"TableName":"bench","Item":{"pk":{"S":"user-2"},"sk":{"N":"7"},"name":{"S":"a name of moderate length"},"tags":{"SS":["a","b","c"]},"count":{"N":"42"}}}"""u8.ToArray();
        _get = """{"TableName":"bench","Key":{"pk":{"S":"user-1"},"sk":{"N":"5"}}}"""u8.ToArray();
        _update = """{"TableName":"bench","Key":{"pk":{"S":"user-1"},"sk":{"N":"5"}},"UpdateExpression":"SET #c = #c + :one","ConditionExpression":"attribute_exists(pk)","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW"}"""u8.ToArray();
        _query = """{"TableName":"bench","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"user-1"},":a":{"N":"10"},":b":{"N":"19"}}}"""u8.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark]
    public int PutItem() => Run("PutItem", _put);

    [Benchmark]
    public int GetItem() => Run("GetItem", _get);

    [Benchmark]
    public int UpdateItem() => Run("UpdateItem", _update);

    [Benchmark]
    public int Query10() => Run("Query", _query);

    private int Run(string operation, byte[] body)
    {
        _registry.TryGet(operation, out var op);
        using var document = JsonDocument.Parse(body);
        _output.Clear();
        using var writer = new Utf8JsonWriter(_output);
        writer.WriteStartObject();
        op!.ExecuteAsync(new RequestContext(document.RootElement, "us-east-1", "bench", CancellationToken.None), writer).AsTask().GetAwaiter().GetResult();
        writer.WriteEndObject();
        writer.Flush();
        return _output.WrittenCount;
    }
}
