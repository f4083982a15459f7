using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Basalt.Api.Tests.ServerProcesses;

/// <summary>
/// (Namespace ServerProcesses, not Process: a namespace named Process would hide
/// System.Diagnostics.Process from every test namespace.)
/// A <c>basalt serve</c> child process (<c>dotnet exec basalt.dll serve ...</c>, basalt.dll from the
/// test output directory): started, awaited until it prints its
/// <c>Basalt listening on http://HOST:PORT ...</c> line, then killed (SIGKILL) or stopped (SIGTERM).
/// </summary>
public sealed partial class BasaltProcess : IAsyncDisposable
{
    /// <summary>How long a server may take to print its ready line.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BasaltProcess(System.Diagnostics.Process process) => _process = process;

    /// <summary>The server's base URL, from its ready line.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The ready line exactly as printed.</summary>
    public string ReadyLine { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far (stdout and stderr, in arrival order).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts <c>basalt serve</c> with <paramref name="serveArguments"/> and waits until it is ready.</summary>
    public static async Task<BasaltProcess> StartAsync(IEnumerable<string> serveArguments, CancellationToken cancellationToken = default)
    {
        var server = Launch(["serve", .. serveArguments]);
        try
        {
            var line = await server._ready.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            server.ReadyLine = line;
            server.Url = new Uri(ReadyLinePattern().Match(line).Groups["url"].Value);
            return server;
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            server.KillQuietly();
            throw new InvalidOperationException($"basalt serve did not become ready: {error.Message}\n--- output ---\n{server.Output}", error);
        }
    }

    /// <summary>Starts a durable server on a data directory.</summary>
    public static Task<BasaltProcess> StartDurableAsync(string dataDirectory, CancellationToken cancellationToken = default, params string[] extra) =>
        StartAsync(["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDirectory, .. extra], cancellationToken);

    /// <summary>Starts an in-memory server.</summary>
    public static Task<BasaltProcess> StartInMemoryAsync(CancellationToken cancellationToken = default, params string[] extra) =>
        StartAsync(["--port", "0", "--host", "127.0.0.1", "--in-memory", .. extra], cancellationToken);

    /// <summary>
    /// Runs <c>basalt</c> with arguments to completion (for commands expected to fail fast); the
    /// process is killed if it outlives <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output, bool PrintedReadyLine)> RunToExitAsync(
        IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var run = Launch(arguments);
        try
        {
            await run._process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            run.KillQuietly();
            throw new TimeoutException($"basalt {string.Join(' ', arguments)} still running after {timeout}\n--- output ---\n{run.Output}");
        }

        run._process.WaitForExit(); // drains the redirected output
        return (run._process.ExitCode, run.Output, run._ready.Task.IsCompletedSuccessfully);
    }

    /// <summary>SIGKILL: the process dies at once, mid-write, as in a crash; returns once it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>The signals a clean shutdown may be asked with.</summary>
    public enum Signal
    {
        /// <summary>SIGTERM.</summary>
        Terminate = 15,

        /// <summary>SIGINT (Ctrl+C).</summary>
        Interrupt = 2,
    }

    /// <summary>SIGTERM or SIGINT (a clean shutdown request); returns the exit code, killing it if it outlives the timeout.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, Signal signal = Signal.Terminate)
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                _process.Kill();
            }
            else if (NativeMethods.kill(_process.Id, (int)signal) != 0)
            {
                throw new InvalidOperationException($"kill({signal}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            KillQuietly();
            throw new TimeoutException($"basalt did not exit within {timeout} of SIGTERM\n--- output ---\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        KillQuietly();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static BasaltProcess Launch(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "basalt.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new BasaltProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(
            new InvalidOperationException("basalt exited before it was ready"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ReadyLinePattern().IsMatch(line))
        {
            _ready.TrySetResult(line);
        }
    }

    private void KillQuietly()
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
            // never started or already reaped
        }
    }

    /// <summary>The dotnet host running these tests (DOTNET_HOST_PATH under `dotnet test`), else the one owning the runtime.</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var runtime = RuntimeEnvironment.GetRuntimeDirectory(); // <root>/shared/Microsoft.NETCore.App/<version>/
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    [GeneratedRegex(@"^Basalt listening on (?<url>http://\S+?)/?( \((data: .+|in-memory)\))?$")]
    private static partial Regex ReadyLinePattern();

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int kill(int pid, int sig);
    }
}
