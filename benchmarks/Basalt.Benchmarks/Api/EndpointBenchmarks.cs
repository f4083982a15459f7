using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Basalt.Api;
using Basalt.Api.Auth;
using Basalt.Api.Http;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basalt.Benchmarks.Api;

/// <summary>
/// One whole request through <see cref="DynamoDbEndpoint"/> without sockets: HTTP headers → SigV4
/// check → JSON parse → validate → evaluate → encode → store (in-memory) → JSON response with
/// request id and CRC32, with the same request shapes `basalt bench` sends (1,000-byte items,
/// 10-item partitions). <see cref="ContextOnly"/> is the harness's own cost (a fresh HttpContext per
/// request); subtract it from the others.
/// </summary>
[MemoryDiagnoser]
public class EndpointBenchmarks
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=bench/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private Database _database = null!;
    private DynamoDbEndpoint _endpoint = null!;
    private byte[] _put = null!;
    private byte[] _get = null!;
    private byte[] _update = null!;
    private byte[] _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = Database.OpenAsync([new InMemoryStorageEngine()], durable: false, TimeProvider.System).GetAwaiter().GetResult();
        var registry = new OperationRegistry(OperationCatalog.Create(_database));
        _endpoint = new DynamoDbEndpoint(registry, new SigV4Authenticator(null, TimeProvider.System), NullLogger.Instance);
        Send("CreateTable", """{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}"""u8.ToArray());
        var payload = new string('x', 1000 - 27);
        for (var i = 0; i < 1000; i++)
        {
            Send("PutItem", Item(i, payload));
        }

        _put = Item(500, payload);
        var key = "{\"pk\":{\"S\":\"p0000000050\"},\"sk\":{\"S\":\"s0005\"}}";
        _get = Encoding.UTF8.GetBytes("{\"TableName\":\"bench\",\"Key\":" + key + "}");
        _update = Encoding.UTF8.GetBytes("{\"TableName\":\"bench\",\"Key\":" + key
            + ",\"UpdateExpression\":\"SET #f = :f ADD #c :one\",\"ExpressionAttributeNames\":{\"#f\":\"field0\",\"#c\":\"counter\"},"
            + "\"ExpressionAttributeValues\":{\":f\":{\"S\":\"" + new string('u', 100) + "\"},\":one\":{\"N\":\"1\"}}}");
        _query = Encoding.UTF8.GetBytes(
            "{\"TableName\":\"bench\",\"KeyConditionExpression\":\"#p = :p\",\"ExpressionAttributeNames\":{\"#p\":\"pk\"},\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p0000000050\"}}}");
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark(Baseline = true)]
    public int ContextOnly() => NewContext("GetItem", _get).Response.StatusCode;

    [Benchmark]
    public int GetItem() => Send("GetItem", _get);

    [Benchmark]
    public int PutItem() => Send("PutItem", _put);

    [Benchmark]
    public int UpdateItem() => Send("UpdateItem", _update);

    [Benchmark]
    public int Query10() => Send("Query", _query);

    private int Send(string operation, byte[] body)
    {
        var context = NewContext(operation, body);
        _endpoint.HandleAsync(context).GetAwaiter().GetResult();
        if (context.Response.StatusCode != 200)
        {
            throw new InvalidOperationException($"{operation} answered {context.Response.StatusCode}");
        }

        return context.Response.StatusCode;
    }

    private static DefaultHttpContext NewContext(string operation, byte[] body)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Path = "/";
        request.Headers.Host = "127.0.0.1:8000";
        request.Headers.ContentType = "application/x-amz-json-1.0";
        request.Headers["X-Amz-Target"] = "DynamoDB_20120810." + operation;
        request.Headers["X-Amz-Date"] = "20250101T000000Z";
        request.Headers.Authorization = Authorization;
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body, writable: false);
        context.Response.Body = Stream.Null;
        return context;
    }

    private static byte[] Item(int index, string payload) => Encoding.UTF8.GetBytes(
        "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"p" + (index / 10).ToString("D10", CultureInfo.InvariantCulture)
        + "\"},\"sk\":{\"S\":\"s" + (index % 10).ToString("D4", CultureInfo.InvariantCulture)
        + "\"},\"payload\":{\"S\":\"" + payload + "\"}}}");
}
