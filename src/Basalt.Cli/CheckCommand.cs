using System.CommandLine;
using Basalt.Api;
using Basalt.Api.Indexes;
using Basalt.Storage;

namespace Basalt.Cli;

/// <summary>
/// <c>basalt check --data-dir D</c>: opens a stopped server's data directory and compares every
/// secondary index with its base table. Exit code 0 when they agree, 1 with one line per
/// difference otherwise, 2 when the directory cannot be opened.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory of a stopped server", DefaultValueFactory = _ => "./basalt-data" };
        var command = new Command("check", "Verify that every secondary index equals its base table") { dataDir };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            try
            {
                using var database = new Database(RocksDbStorageEngine.Open(directory), durable: true, TimeProvider.System, Timeout.InfiniteTimeSpan);
                var problems = IndexChecker.Check(database.Catalog, database.Items);
                var indexes = database.Catalog.All.Sum(t => t.LocalIndexes.Count + t.GlobalIndexes.Count);
                foreach (var problem in problems)
                {
                    Console.Out.WriteLine(problem);
                }

                Console.Out.WriteLine(problems.Count == 0
                    ? $"indexes consistent: {database.Catalog.All.Count()} tables, {indexes} indexes"
                    : $"indexes inconsistent: {problems.Count} differences");
                return problems.Count == 0 ? 0 : 1;
            }
            catch (DataDirectoryLockedException error)
            {
                Console.Error.WriteLine("basalt: " + error.Message);
                return 2;
            }
        });
        return command;
    }
}
