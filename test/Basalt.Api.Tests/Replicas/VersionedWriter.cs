using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Basalt.Api.Tests.Crash;

namespace Basalt.Api.Tests.Replicas;

/// <summary>
/// A client that owns some keys and overwrites them with increasing versions (PutItem, one request
/// in flight), after each acknowledged write reading one of its keys strongly: the version read
/// must be at least the last acknowledged one and at most the last sent one. Server errors and
/// broken connections are outcomes it cannot know; it carries on.
/// </summary>
internal sealed class VersionedWriter(AmazonDynamoDBClient client, string table, string[] keys, int seed, AcknowledgedCount acknowledgedCount)
{
    private readonly Random _random = new(seed);
    private readonly int[] _acknowledged = new int[keys.Length];
    private readonly int[] _sent = new int[keys.Length];

    public ConcurrentQueue<string> Problems { get; } = new();

    public int Errors { get; private set; }

    public static Dictionary<string, AttributeValue> Key(string key) => new() { ["pk"] = new() { S = key } };

    public static Dictionary<string, AttributeValue> Item(string key, int version) => new()
    {
        ["pk"] = new() { S = key },
        ["version"] = new() { N = version.ToString(CultureInfo.InvariantCulture) },
        ["data"] = new() { S = $"{key}@{version.ToString(CultureInfo.InvariantCulture)}" },
    };

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var i = _random.Next(keys.Length);
            var version = ++_sent[i];
            try
            {
                await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Item(keys[i], version) }, CancellationToken.None);
            }
            catch (Exception error) when (CounterClient.IsUnknownOutcome(error))
            {
                Errors++;
                continue;
            }

            _acknowledged[i] = version;
            acknowledgedCount.Increment();
            await CheckAsync(_random.Next(keys.Length));
        }
    }

    /// <summary>Reads key <paramref name="i"/> strongly and records a problem when it is not a version this writer could have left there.</summary>
    public async Task CheckAsync(int i, CancellationToken ct = default)
    {
        Dictionary<string, AttributeValue>? item;
        try
        {
            item = (await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key(keys[i]), ConsistentRead = true }, ct)).Item;
        }
        catch (Exception error) when (CounterClient.IsUnknownOutcome(error) && !ct.IsCancellationRequested)
        {
            Errors++;
            return;
        }

        var version = item is { Count: > 0 } ? int.Parse(item["version"].N, CultureInfo.InvariantCulture) : 0;
        if (version < _acknowledged[i] || version > _sent[i])
        {
            Problems.Enqueue($"{keys[i]}: read version {version}, acknowledged {_acknowledged[i]}, last sent {_sent[i]}");
        }
        else if (version > 0 && item!["data"].S != $"{keys[i]}@{version.ToString(CultureInfo.InvariantCulture)}")
        {
            Problems.Enqueue($"{keys[i]}: version {version} holds {item["data"].S}");
        }
    }

    /// <summary>Checks every key (after the writer stopped), retrying reads that fail until <paramref name="deadline"/>.</summary>
    public async Task CheckAllAsync(DateTime deadline, CancellationToken ct)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            var errors = Errors;
            await CheckAsync(i, ct);
            if (Errors > errors)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{keys[i]} could not be read");
                i--;
            }
        }
    }
}
