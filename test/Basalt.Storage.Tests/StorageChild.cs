using System.Globalization;

namespace Basalt.Storage.Tests;

/// <summary>
/// What a child process started by <see cref="ChildProcessTests"/> does:
/// <c>crash-writer &lt;dir&gt; &lt;writers&gt;</c> writes synced batches forever from concurrent writers and prints
/// <c>ACK &lt;key&gt;</c> after each acknowledged write (until it is killed);
/// <c>hold-lock &lt;dir&gt;</c> opens the engine, prints READY and keeps it open until stdin closes.
/// </summary>
internal static class StorageChild
{
    public const string Command = "storage-child";

    public static async Task<int> RunAsync(string[] args)
    {
        string mode = args[1];
        string directory = args[2];
        switch (mode)
        {
            case "crash-writer":
                await CrashWriterAsync(directory, int.Parse(args[3], CultureInfo.InvariantCulture));
                return 0;
            case "hold-lock":
                using (RocksDbStorageEngine.Open(directory))
                {
                    Console.Out.WriteLine("READY");
                    await Console.In.ReadToEndAsync();
                }

                return 0;
            default:
                await Console.Error.WriteLineAsync($"unknown mode {mode}");
                return 2;
        }
    }

    public static byte[] ValueFor(string key) => Bytes.Of($"value-of-{key}-" + new string('x', 100));

    private static async Task CrashWriterAsync(string directory, int writers)
    {
        using RocksDbStorageEngine engine = RocksDbStorageEngine.Open(directory);
        Console.Out.WriteLine("READY");
        var tasks = new Task[writers];
        for (int w = 0; w < writers; w++)
        {
            int writer = w;
            tasks[w] = Task.Run(async () =>
            {
                var batch = new WriteBatch();
                for (long i = 0; ; i++)
                {
                    string key = $"w{writer:D2}-{i:D8}";
                    batch.Clear();
                    batch.Put(ColumnFamily.Data, Bytes.Of(key), ValueFor(key));
                    batch.Put(ColumnFamily.Log, Bytes.Of(key), Bytes.Of("log"));
                    await engine.WriteAsync(batch, sync: true);

                    // Console.Out is synchronised and flushes every line, so a line the parent reads is acknowledged.
                    Console.Out.WriteLine("ACK " + key);
                }
            });
        }

        await Task.WhenAll(tasks);
    }
}
