using System.Diagnostics;

namespace Basalt.Storage.Tests;

/// <summary>Tests that need a second OS process: this test assembly re-run in <see cref="StorageChild"/> mode.</summary>
[Trait("Category", "Slow")]
public sealed class ChildProcessTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_synced_write_survives_a_sigkill()
    {
        const int acknowledgementsBeforeKill = 400;
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(HangGuard);

        var acknowledged = new List<string>();
        using (Process child = StartChild("crash-writer", _directory.Path, "8"))
        {
            try
            {
                await ExpectLineAsync(child, "READY", timeout.Token);
                while (acknowledged.Count < acknowledgementsBeforeKill)
                {
                    string? line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                    Assert.NotNull(line);
                    acknowledged.Add(ParseAck(line));
                }

                child.Kill(entireProcessTree: true);

                // Lines already in the pipe were printed after their writes were acknowledged: they count too.
                while (await child.StandardOutput.ReadLineAsync(timeout.Token) is string line)
                {
                    if (line.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(ParseAck(line));
                    }
                }

                await child.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                KillQuietly(child);
            }
        }

        using RocksDbStorageEngine reopened = RocksDbStorageEngine.Open(_directory.Path);
        foreach (string key in acknowledged)
        {
            Assert.Equal(StorageChild.ValueFor(key), reopened.Get(ColumnFamily.Data, Bytes.Of(key)));
            Assert.Equal(Bytes.Of("log"), reopened.Get(ColumnFamily.Log, Bytes.Of(key)));
        }

        Assert.True(acknowledged.Count >= acknowledgementsBeforeKill);
    }

    [Fact]
    public async Task A_directory_held_by_another_process_fails_at_once_naming_that_process()
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(HangGuard);

        using Process child = StartChild("hold-lock", _directory.Path);
        try
        {
            await ExpectLineAsync(child, "READY", timeout.Token);

            var error = Assert.Throws<DataDirectoryLockedException>(() => RocksDbStorageEngine.Open(_directory.Path));
            Assert.Equal(child.Id, error.OwnerProcessId);
            Assert.Contains($"(pid {child.Id})", error.Message, StringComparison.Ordinal);

            child.StandardInput.Close();
            await child.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, child.ExitCode);
        }
        finally
        {
            KillQuietly(child);
        }

        using RocksDbStorageEngine engine = RocksDbStorageEngine.Open(_directory.Path);
        Assert.Equal(Path.GetFullPath(_directory.Path), engine.Directory);
    }

    private static Process StartChild(params string[] arguments)
    {
        string assembly = typeof(StorageChild).Assembly.Location;
        string appHost = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (File.Exists(appHost))
        {
            start.FileName = appHost;
        }
        else
        {
            start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(assembly);
        }

        start.ArgumentList.Add(StorageChild.Command);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
    }

    private static async Task ExpectLineAsync(Process child, string expected, CancellationToken cancellationToken)
    {
        string? line = await child.StandardOutput.ReadLineAsync(cancellationToken);
        Assert.Equal(expected, line);
    }

    private static string ParseAck(string line)
    {
        Assert.StartsWith("ACK ", line, StringComparison.Ordinal);
        return line["ACK ".Length..];
    }

    private static void KillQuietly(Process child)
    {
        try
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
