using System.Text;
using System.Text.Json;
using Basalt.Api.Http;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>
/// One in-process database (in memory, several partitions) whose operations run the way a storage
/// node's Items service runs them: a JSON body in, an HTTP status and a JSON body out, optionally
/// as the share of one partition group.
/// </summary>
internal sealed class LocalNode : IAsyncDisposable
{
    private readonly OperationRegistry _operations;

    private LocalNode(Database database)
    {
        Database = database;
        _operations = new OperationRegistry(OperationCatalog.Create(database));
    }

    public Database Database { get; }

    public const string Region = "us-east-1";

    public static async Task<LocalNode> StartAsync(int partitions)
    {
        var database = await Database.OpenAsync([new InMemoryStorageEngine()], durable: false, TimeProvider.System, new DatabaseOptions
        {
            InitialPartitions = partitions,
            SweepInterval = Timeout.InfiniteTimeSpan,
        });
        return new LocalNode(database);
    }

    public async Task<(int Status, byte[] Body)> ExecuteAsync(string operation, ReadOnlyMemory<byte> body, ulong group = 0, string region = Region)
    {
        using var document = JsonDocument.Parse(body);
        var context = new RequestContext(document.RootElement, region, "test", CancellationToken.None) { Group = group };
        using var response = new ResponseBuffer();
        var status = 200;
        try
        {
            if (!_operations.TryGet(operation, out var op))
            {
                throw new DynamoDbException("UnknownOperationException", string.Empty);
            }

            response.Writer.WriteStartObject();
            await op.ExecuteAsync(context, response.Writer);
            response.Writer.WriteEndObject();
        }
        catch (DynamoDbException error)
        {
            status = error.StatusCode;
            response.Reset();
            ErrorBody.Write(response.Writer, error);
        }

        response.Writer.Flush();
        return (status, response.Buffer.WrittenSpan.ToArray());
    }

    /// <summary>Runs an operation that must succeed; its response.</summary>
    public async Task<JsonElement> RunAsync(string operation, string body, ulong group = 0)
    {
        var (status, bytes) = await ExecuteAsync(operation, Encoding.UTF8.GetBytes(body), group);
        Assert.True(status == 200, $"{operation} answered {status}: {Encoding.UTF8.GetString(bytes)}");
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        return ValueTask.CompletedTask;
    }
}
