using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api.Tests.Crash;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>
/// One client of the cluster workload, on the keys of one partition (so that a partition without a
/// leader does not hold up the clients of the others): picks a key (seeded) and a router (either), reads the key's
/// counter <c>n</c> strongly, then sends UpdateItem <c>SET n = n + :one</c> with
/// <c>ConditionExpression n = :expected</c>, and records the outcome in the <see cref="CounterLedger"/>
/// and each success in <see cref="PartitionAvailability"/>. A 5xx or transport error leaves an
/// update's outcome unknown. Runs until <paramref name="stop"/> is cancelled; never stops on errors.
/// </summary>
internal sealed class ClusterCounterClient(
    IReadOnlyList<AmazonDynamoDBClient> routers, string table, CounterLedger ledger, PartitionAvailability availability, ulong partition, IReadOnlyList<string> keys, int seed)
{
    private readonly Random _random = new(seed);
    private readonly string[] _keys = [.. keys];

    public int Acknowledged { get; private set; }

    public int ConditionFailures { get; private set; }

    public int Errors { get; private set; }

    public string? LastError { get; private set; }

    public static Dictionary<string, AttributeValue> Key(string key) => new() { ["pk"] = new() { S = key } };

    public static int ValueOf(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue("n", out var n) ? int.Parse(n.N, CultureInfo.InvariantCulture) : -1;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = _keys[_random.Next(_keys.Length)];
            var floor = ledger.Floor(key);
            int current;
            try
            {
                var got = await Router().GetItemAsync(new GetItemRequest { TableName = table, Key = Key(key), ConsistentRead = true }, CancellationToken.None);
                current = ValueOf(got.Item);
            }
            catch (Exception error) when (IsFailure(error))
            {
                Failed(error);
                continue;
            }

            availability.Succeeded(partition);
            ledger.Read(key, floor, current);
            try
            {
                await Router().UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = table,
                        Key = Key(key),
                        UpdateExpression = "SET n = n + :one",
                        ConditionExpression = "n = :expected",
                        ExpressionAttributeValues = new()
                        {
                            [":one"] = new() { N = "1" },
                            [":expected"] = new() { N = current.ToString(CultureInfo.InvariantCulture) },
                        },
                    },
                    CancellationToken.None);
            }
            catch (ConditionalCheckFailedException)
            {
                // Another client moved the counter first: nothing written, and the partition answered.
                ConditionFailures++;
                availability.Succeeded(partition);
                continue;
            }
            catch (Exception error) when (IsFailure(error))
            {
                Failed(error);
                if (!IsRefusal(error))
                {
                    ledger.Unknown(key, current);
                }

                continue;
            }

            ledger.Acknowledged(key, current);
            Acknowledged++;
            availability.Succeeded(partition);
        }
    }

    private AmazonDynamoDBClient Router() => routers[_random.Next(routers.Count)];

    private void Failed(Exception error)
    {
        Errors++;
        LastError = $"{error.GetType().Name}: {error.Message}";
    }

    /// <summary>Anything but a failed condition: server errors, throttles, broken connections, timeouts.</summary>
    private static bool IsFailure(Exception error) =>
        error is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TaskCanceledException or OperationCanceledException;

    /// <summary>A 4xx other than a failed condition: refused before it ran (throttling, validation), so nothing was written.</summary>
    private static bool IsRefusal(Exception error) =>
        error is AmazonServiceException service && (int)service.StatusCode is >= 400 and < 500;
}
