using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Basalt.Cli.Cluster;

/// <summary>
/// <c>basalt cluster up|status|kill|restart|down</c>: a whole cluster (meta group, MemDS, storage
/// nodes in zones, routers) as separate processes on this machine, recorded in D/cluster.json so
/// commands from another shell with the same <c>--data-dir</c> find it. Exit codes: 0 done, 1 the
/// cluster refused or failed (a process that did not start, meta unreachable), 2 no such cluster or bad arguments.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "The cluster's directory: cluster.json, logs/ and each process's data",
            DefaultValueFactory = _ => "basalt-cluster",
            Recursive = true,
        };
        return new Command("cluster", "Run a whole Basalt cluster (meta, MemDS, storage nodes, routers) as processes on this machine")
        {
            dataDir, Up(dataDir), Status(dataDir), Kill(dataDir), Restart(dataDir), Down(dataDir),
        };
    }

    private static Command Up(Option<string> dataDir)
    {
        var nodes = new Option<int>("--nodes") { Description = "Storage nodes", DefaultValueFactory = _ => 6 };
        var zones = new Option<int>("--zones") { Description = "Zones; node i is in zone z((i-1) % zones + 1)", DefaultValueFactory = _ => 3 };
        var routers = new Option<int>("--routers") { Description = "Routers (DynamoDB endpoints)", DefaultValueFactory = _ => 2 };
        var memds = new Option<int>("--memds") { Description = "MemDS processes", DefaultValueFactory = _ => 2 };
        var meta = new Option<int>("--meta") { Description = "Meta group members (odd)", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--initial-partitions") { Description = "Partitions of each new table", DefaultValueFactory = _ => 4 };
        var basePort = new Option<int?>("--base-port") { Description = "Use consecutive ports from this one (default: free ports picked now, kept in cluster.json)" };
        var host = new Option<string>("--host") { Description = "Address every process listens on", DefaultValueFactory = _ => "127.0.0.1" };
        var timeout = TimeoutOption(180);
        var command = new Command("up", "Start the cluster, print one line \"Basalt listening on URL\" per router once it serves, and stay in the foreground until SIGINT/SIGTERM, which stops every process")
        {
            nodes, zones, routers, memds, meta, partitions, basePort, host, timeout,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new ClusterOptions
            {
                DataDirectory = parse.GetValue(dataDir)!,
                Nodes = parse.GetValue(nodes),
                Zones = parse.GetValue(zones),
                Routers = parse.GetValue(routers),
                MemDs = parse.GetValue(memds),
                Meta = parse.GetValue(meta),
                InitialPartitions = parse.GetValue(partitions),
                BasePort = parse.GetValue(basePort),
                Host = parse.GetValue(host)!,
            };
            // Validated here rather than in a validator: a validator sees unset options without their defaults.
            var problems = options.Problems();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    parse.InvocationConfiguration.Error.WriteLine(problem);
                }

                return Task.FromResult(2);
            }

            var supervisor = new ClusterSupervisor(options, TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return supervisor.RunAsync(cancellationToken);
        });
        return command;
    }

    private static Command Status(Option<string> dataDir)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"nodes\":[{id,zone,pid,healthy,leaders}],\"partitions\":[{table,id,leader,replicas:[{node,kind}]}]}" };
        var command = new Command("status", "Show nodes (zone, pid, health, leaders), partitions (leader, replicas full/log) and the other processes") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, code) = await LoadAsync(parse, dataDir).ConfigureAwait(false);
            if (state is null)
            {
                return code;
            }

            using var meta = new MetaStatusClient(state.Meta.Select(m => (m.Id, m.Url)));
            var reply = await meta.StatusAsync(cancellationToken).ConfigureAwait(false);
            var view = ClusterStatusView.From(reply, state, OsProcesses.IsAlive);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(view.ToJson()).ConfigureAwait(false);
            }
            else
            {
                view.WriteTables(Console(output));
            }

            if (reply is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("basalt cluster status: no meta member answered: " + meta.LastError).ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static Command Kill(Option<string> dataDir)
    {
        var target = TargetArgument();
        var command = new Command("kill", "SIGKILL a process of the cluster (a storage node by id, or any process by name: meta-1, router-2)") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            var (found, code) = await FindAsync(parse, dataDir, parse.GetValue(target)!).ConfigureAwait(false);
            if (found is null)
            {
                return code;
            }

            if (!OsProcesses.IsAlive(found.Pid, found.StartTime))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"basalt cluster kill: {found.Name} is not running").ConfigureAwait(false);
                return 1;
            }

            OsProcesses.Signal(found.Pid, found.StartTime, OsProcesses.SigKill);
            var left = await OsProcesses.WaitForExitAsync([(found.Pid, found.StartTime)], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await ClusterStateLock.UpdateAsync(directory, s => s.Find(found.Name)!.State = ProcessStates.Killed, cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                left.Count == 0 ? $"{found.Name} (pid {Text(found.Pid)}) killed" : $"{found.Name} (pid {Text(found.Pid)}) sent SIGKILL but still there").ConfigureAwait(false);
            return left.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Restart(Option<string> dataDir)
    {
        var target = TargetArgument();
        var timeout = TimeoutOption(120);
        var command = new Command("restart", "Start a stopped or killed process again with its command line (same addresses and data) and wait until it is ready") { target, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            var (found, code) = await FindAsync(parse, dataDir, parse.GetValue(target)!).ConfigureAwait(false);
            if (found is null)
            {
                return code;
            }

            if (OsProcesses.IsAlive(found.Pid, found.StartTime))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"basalt cluster restart: {found.Name} is running (pid {Text(found.Pid)}); kill it first").ConfigureAwait(false);
                return 1;
            }

            try
            {
                var (line, handle) = await ProcessLauncher.StartAsync(found, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
                handle.Dispose();
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{found.Name} (pid {Text(found.Pid)}) ready: {line}").ConfigureAwait(false);
                return 0;
            }
            catch (ProcessStartException failure)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("basalt cluster restart: " + failure.Message).ConfigureAwait(false);
                return 1;
            }
            finally
            {
                await ClusterStateLock.UpdateAsync(
                    directory,
                    s =>
                    {
                        var entry = s.Find(found.Name)!;
                        entry.Pid = found.Pid;
                        entry.StartTime = found.StartTime;
                        entry.State = found.State;
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Command Down(Option<string> dataDir)
    {
        var command = new Command("down", "Stop every process of the cluster (SIGTERM, then SIGKILL after 30 s) and the foreground `cluster up`");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            var (state, code) = await LoadAsync(parse, dataDir).ConfigureAwait(false);
            if (state is null)
            {
                return code;
            }

            // The supervisor stops the processes itself on SIGTERM; stopping them here too makes down work without it.
            var supervisor = (state.SupervisorPid, state.SupervisorStartTime);
            OsProcesses.Signal(supervisor.SupervisorPid, supervisor.SupervisorStartTime, OsProcesses.SigTerm);
            var killed = await ProcessLauncher.StopAsync(state.Processes, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            var left = await OsProcesses.WaitForExitAsync([supervisor], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (left.Count > 0)
            {
                OsProcesses.Signal(supervisor.SupervisorPid, supervisor.SupervisorStartTime, OsProcesses.SigKill);
                await OsProcesses.WaitForExitAsync([supervisor], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }

            await ClusterStateLock.UpdateAsync(directory, s => s.MarkExited(), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync(killed.Count == 0 ? "cluster stopped" : $"cluster stopped ({string.Join(", ", killed)} killed after 30 s)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Argument<string> TargetArgument() => new("NODE") { Description = "A storage node's id (3) or a process name (node-3, meta-1, memds-2, router-1)" };

    private static Option<int> TimeoutOption(int seconds) => new("--timeout")
    {
        Description = "Seconds to wait for processes to be ready",
        DefaultValueFactory = _ => seconds,
    };

    private static async Task<(ClusterState? State, int Code)> LoadAsync(ParseResult parse, Option<string> dataDir)
    {
        var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
        try
        {
            if (ClusterState.Load(directory) is { } state)
            {
                return (state, 0);
            }

            await parse.InvocationConfiguration.Error.WriteLineAsync($"basalt cluster: no cluster in {directory} (no {ClusterState.FileName}); start one with `basalt cluster up --data-dir {directory}`").ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is FormatException or System.Text.Json.JsonException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"basalt cluster: {ClusterState.PathIn(directory)}: {failure.Message}").ConfigureAwait(false);
        }

        return (null, 2);
    }

    private static async Task<(ClusterProcess? Process, int Code)> FindAsync(ParseResult parse, Option<string> dataDir, string target)
    {
        var (state, code) = await LoadAsync(parse, dataDir).ConfigureAwait(false);
        if (state is null)
        {
            return (null, code);
        }

        if (state.Find(target) is { } found)
        {
            return (found, 0);
        }

        await parse.InvocationConfiguration.Error.WriteLineAsync(
            $"basalt cluster: no process '{target}' in the cluster ({string.Join(", ", state.Processes.Select(p => p.Name))})").ConfigureAwait(false);
        return (null, 2);
    }

    private static IAnsiConsole Console(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(output, System.Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
