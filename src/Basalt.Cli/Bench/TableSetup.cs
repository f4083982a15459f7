namespace Basalt.Cli.Bench;

/// <summary>Creates the benchmark table if it does not exist and waits until it is ACTIVE.</summary>
internal static class TableSetup
{
    public static async Task EnsureTableAsync(DynamoDbControlClient client, BenchDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dataset);
        var describe = dataset.TableNameBody();
        var reply = await client.SendAsync("DescribeTable", describe, cancellationToken).ConfigureAwait(false);
        if (!reply.Ok)
        {
            if (reply.ErrorCode != "ResourceNotFoundException")
            {
                throw new BenchException($"DescribeTable {dataset.Table} failed: HTTP {reply.Status} {reply.Body}");
            }

            var created = await client.SendAsync("CreateTable", dataset.CreateTableBody(), cancellationToken).ConfigureAwait(false);
            if (!created.Ok && created.ErrorCode != "ResourceInUseException")
            {
                throw new BenchException($"CreateTable {dataset.Table} failed: HTTP {created.Status} {created.Body}");
            }
        }

        for (var attempt = 0; attempt < 600; attempt++)
        {
            reply = await client.SendAsync("DescribeTable", describe, cancellationToken).ConfigureAwait(false);
            if (reply.Ok && reply.Body.Contains("\"TableStatus\":\"ACTIVE\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new BenchException($"table {dataset.Table} did not become ACTIVE within 60 s");
    }
}

/// <summary>A benchmark that cannot go on (server unreachable, table cannot be created...).</summary>
internal sealed class BenchException(string message) : Exception(message);
