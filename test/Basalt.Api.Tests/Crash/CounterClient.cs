using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// One client of the counter workload: picks a key (seeded), reads its counter <c>n</c> with a
/// strongly consistent GetItem, then sends UpdateItem <c>SET n = n + :one</c> with
/// <c>ConditionExpression n = :expected</c>; records the outcome in the <see cref="CounterLedger"/>.
/// A failed condition means nothing was written (read again); a throttle too; a 5xx or a transport
/// error leaves the outcome unknown. At most one request is in flight. Runs until
/// <see cref="ShouldStop"/> says so after an error (the server was killed or stopped on purpose).
/// </summary>
internal sealed class CounterClient(AmazonDynamoDBClient client, string table, CounterLedger ledger, int seed)
{
    private readonly Random _random = new(seed);
    private readonly string[] _keys = [.. ledger.Keys];

    /// <summary>Asked after every failed request: true ends the run.</summary>
    public required Func<bool> ShouldStop { get; init; }

    /// <summary>Called after every acknowledged increment.</summary>
    public Action OnAcknowledged { get; init; } = static () => { };

    public int ConditionFailures { get; private set; }

    public int Errors { get; private set; }

    public static Dictionary<string, AttributeValue> Key(string key) => new() { ["pk"] = new() { S = key } };

    /// <summary>The counter of an item read back; -1 when the item (or its counter) is missing, which no read may return.</summary>
    public static int ValueOf(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue("n", out var n) ? int.Parse(n.N, CultureInfo.InvariantCulture) : -1;

    public async Task RunAsync()
    {
        while (true)
        {
            var key = _keys[_random.Next(_keys.Length)];
            var floor = ledger.Floor(key);
            int current;
            try
            {
                var got = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key(key), ConsistentRead = true }, CancellationToken.None);
                current = ValueOf(got.Item);
            }
            catch (Exception error) when (IsUnknownOutcome(error) || IsThrottle(error))
            {
                Errors++;
                if (ShouldStop())
                {
                    return;
                }

                continue;
            }

            ledger.Read(key, floor, current);
            try
            {
                await client.UpdateItemAsync(
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
                ConditionFailures++;
                continue;
            }
            catch (Exception error) when (IsThrottle(error))
            {
                Errors++;
                continue;
            }
            catch (Exception error) when (IsUnknownOutcome(error))
            {
                Errors++;
                ledger.Unknown(key, current);
                if (ShouldStop())
                {
                    return;
                }

                continue;
            }

            ledger.Acknowledged(key, current);
            OnAcknowledged();
        }
    }

    /// <summary>A request that may or may not have been carried out: a server error or a broken/refused/timed-out connection.</summary>
    public static bool IsUnknownOutcome(Exception error) => error switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == 0,
        HttpRequestException or IOException or TaskCanceledException or OperationCanceledException or AmazonClientException => true,
        _ => false,
    };

    /// <summary>Admission control refused the request before it ran.</summary>
    public static bool IsThrottle(Exception error) =>
        error is ProvisionedThroughputExceededException or RequestLimitExceededException
        || (error is AmazonDynamoDBException { ErrorCode: "ThrottlingException" });
}
