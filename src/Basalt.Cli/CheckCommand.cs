using System.CommandLine;
using Basalt.Api;
using Basalt.Api.Indexes;
using Basalt.Storage;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt check --data-dir D</c>: opens a stopped server's data directory (every node's storage,
/// replaying each partition's log into its items), compares every secondary index with its base
/// table and, with three storage nodes, every node's replicas with each other
/// (<see cref="ReplicaComparison"/>). Exit code 0 when everything agrees, 1 with one line per
/// difference otherwise, 2 when the directory cannot be opened.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory of a stopped server", DefaultValueFactory = _ => "./basalt-data" };
        var command = new Command("check", "Verify that every secondary index equals its base table and every replica equals the others") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            try
            {
                // Opening replays every partition's log into its items, as a server start does.
                using var database = await Database.OpenAsync(OpenEngines(directory), durable: true, TimeProvider.System, new DatabaseOptions { SweepInterval = Timeout.InfiniteTimeSpan }).ConfigureAwait(false);
                var problems = await IndexChecker.CheckAsync(database.Catalog, database.Items).ConfigureAwait(false);
                var indexes = database.Catalog.All.Sum(t => t.LocalIndexes.Count + t.GlobalIndexes.Count);
                foreach (var problem in problems)
                {
                    await output.WriteLineAsync(problem).ConfigureAwait(false);
                }

                await output.WriteLineAsync(problems.Count == 0
                    ? $"indexes consistent: {database.Catalog.All.Count()} tables, {indexes} indexes"
                    : $"indexes inconsistent: {problems.Count} differences").ConfigureAwait(false);
                var replicaProblems = 0;
                if (database.Cluster.ReplicaCount > 1)
                {
                    var differences = await ReplicaComparison.CompareAsync(database).ConfigureAwait(false);
                    foreach (var difference in differences)
                    {
                        await output.WriteLineAsync(difference).ConfigureAwait(false);
                    }

                    replicaProblems = differences.Count;
                    var partitions = database.Catalog.All.Sum(t => t.PartitionCount);
                    await output.WriteLineAsync(differences.Count == 0
                        ? $"replicas consistent: {database.Cluster.ReplicaCount} nodes, {partitions} partitions"
                        : $"replicas inconsistent: {differences.Count} differences").ConfigureAwait(false);
                }

                return problems.Count == 0 && replicaProblems == 0 ? 0 : 1;
            }
            catch (DataDirectoryLockedException error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("basalt: " + error.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    /// <summary>Node 1's engine in the directory itself; nodes 2 and 3 (a <c>--replicas 3</c> server) in node-2 and node-3.</summary>
    private static List<IStorageEngine> OpenEngines(string directory)
    {
        var engines = new List<IStorageEngine> { RocksDbStorageEngine.Open(directory) };
        try
        {
            if (Directory.Exists(Path.Combine(directory, "node-2")))
            {
                engines.Add(RocksDbStorageEngine.Open(Path.Combine(directory, "node-2")));
                engines.Add(RocksDbStorageEngine.Open(Path.Combine(directory, "node-3")));
            }
        }
        catch
        {
            engines.ForEach(e => e.Dispose());
            throw;
        }

        return engines;
    }
}
