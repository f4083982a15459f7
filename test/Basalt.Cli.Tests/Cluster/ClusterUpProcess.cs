using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Basalt.Cli.Cluster;

namespace Basalt.Cli.Tests.Cluster;

/// <summary>
/// A foreground <c>basalt cluster up</c> (<c>dotnet exec basalt.dll cluster up ...</c>), awaited
/// until it has printed one "Basalt listening on URL" line per router. Disposing it SIGKILLs it and
/// every process its cluster.json names.
/// </summary>
internal sealed class ClusterUpProcess : IAsyncDisposable
{
    private const string Listening = "Basalt listening on ";
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<Uri> _routers = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expectedRouters;

    private ClusterUpProcess(Process process, string dataDirectory, int routers)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _expectedRouters = routers;
    }

    public IReadOnlyList<Uri> Routers => [.. _routers];

    public string Output => string.Join('\n', _output);

    public static async Task<ClusterUpProcess> StartAsync(string dataDirectory, int routers, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "basalt.dll"), "cluster", "up", "--data-dir", dataDirectory, "--routers", $"{routers}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var up = new ClusterUpProcess(process, dataDirectory, routers);
        process.OutputDataReceived += (_, e) => up.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => up.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => up._ready.TrySetException(new InvalidOperationException("basalt cluster up exited before the cluster served"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await up._ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            var logs = up.Logs();
            await up.DisposeAsync();
            throw new InvalidOperationException($"basalt cluster up did not serve: {e.Message}\n--- output ---\n{up.Output}\n--- logs ---\n{logs}", e);
        }

        return up;
    }

    /// <summary>The last lines of every process's log (for failure messages).</summary>
    public string Logs(int lines = 15)
    {
        var directory = Path.Combine(_dataDirectory, "logs");
        if (!Directory.Exists(directory))
        {
            return "(no logs)";
        }

        return string.Join('\n', Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal).Select(log =>
            $"== {Path.GetFileName(log)}\n{string.Join('\n', File.ReadAllLines(log).TakeLast(lines))}"));
    }

    /// <summary>SIGTERM (what Ctrl+C or a service manager sends); the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && NativeMethods.kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        if (ClusterState.Load(_dataDirectory) is { } state)
        {
            foreach (var process in state.Processes)
            {
                OsProcesses.Signal(process.Pid, process.StartTime, OsProcesses.SigKill);
            }
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (stdout && line.StartsWith(Listening, StringComparison.Ordinal))
        {
            _routers.Enqueue(new Uri(line[Listening.Length..].Trim()));
            if (_routers.Count == _expectedRouters)
            {
                _ready.TrySetResult();
            }
        }
    }

    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int kill(int pid, int sig);
    }
}
