using System.Diagnostics;
using System.Globalization;

namespace Basalt.Cli.Cluster;

/// <summary>
/// <c>basalt cluster up</c>: starts every process of the cluster (meta members, then MemDS and
/// storage nodes, then routers), records them in cluster.json, waits until the cluster serves
/// (every storage node healthy in the meta leader's Status, ListTables answered by every router),
/// prints one line <c>Basalt listening on URL</c> per router and stays in the foreground until
/// SIGINT/SIGTERM (or <c>cluster down</c>), then stops every process of cluster.json. It restarts
/// nothing on its own.
/// </summary>
internal sealed class ClusterSupervisor(ClusterOptions options, TimeSpan timeout, TextWriter output, TextWriter error)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private readonly List<Process> _handles = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = new StopSignal(cancellationToken);

        var directory = Path.GetFullPath(options.DataDirectory);
        ClusterState state;
        using (await ClusterStateLock.AcquireAsync(directory, stop.Token).ConfigureAwait(false))
        {
            var existing = ClusterState.Load(directory);
            if (existing is not null && Refusal(existing) is { } refusal)
            {
                await error.WriteLineAsync("basalt cluster up: " + refusal).ConfigureAwait(false);
                return 2;
            }

            state = existing ?? ClusterPlan.Create(options with { DataDirectory = directory }, ClusterPlan.CurrentExecutable(), ClusterPlan.FreePort);
            state.SupervisorPid = Environment.ProcessId;
            state.SupervisorStartTime = OsProcesses.StartTimeOf(Environment.ProcessId) ?? 0;
            state.Save();
        }

        try
        {
            await StartAllAsync(state, stop.Token).ConfigureAwait(false);
            await WaitUntilServingAsync(state, stop.Token).ConfigureAwait(false);
            foreach (var router in state.Routers)
            {
                await output.WriteLineAsync($"Basalt listening on {router.Url}").ConfigureAwait(false);
            }

            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (ProcessStartException failure)
        {
            await error.WriteLineAsync("basalt cluster up: " + failure.Message).ConfigureAwait(false);
            return 1;
        }
        catch (TimeoutException failure)
        {
            await error.WriteLineAsync("basalt cluster up: " + failure.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await StopAllAsync(state).ConfigureAwait(false);
        }
    }

    /// <summary>Why an existing cluster.json cannot be started now, or null when it can (nothing runs, same shape).</summary>
    private string? Refusal(ClusterState existing)
    {
        if (OsProcesses.IsAlive(existing.SupervisorPid, existing.SupervisorStartTime))
        {
            return $"a cluster is already up in {existing.DataDirectory} (supervisor pid {existing.SupervisorPid}); stop it with `basalt cluster down --data-dir {existing.DataDirectory}`.";
        }

        var running = existing.Processes.Where(p => OsProcesses.IsAlive(p.Pid, p.StartTime)).Select(p => p.Name).ToList();
        if (running.Count > 0)
        {
            return $"processes of the cluster in {existing.DataDirectory} still run ({string.Join(", ", running)}); stop them with `basalt cluster down --data-dir {existing.DataDirectory}`.";
        }

        int Count(string role) => existing.Processes.Count(p => p.Role == role);
        if (Count(ClusterRoles.Meta) != options.Meta || Count(ClusterRoles.MemDs) != options.MemDs || Count(ClusterRoles.Node) != options.Nodes ||
            Count(ClusterRoles.Router) != options.Routers || existing.Zones != options.Zones)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{existing.DataDirectory} holds a cluster of {Count(ClusterRoles.Node)} nodes in {existing.Zones} zones, {Count(ClusterRoles.Router)} routers, {Count(ClusterRoles.MemDs)} MemDS and {Count(ClusterRoles.Meta)} meta members; start it with that shape or use another --data-dir.");
        }

        return null;
    }

    private async Task StartAllAsync(ClusterState state, CancellationToken cancellationToken)
    {
        // Meta members need each other to elect; MemDS and nodes need meta; routers need all of them.
        string[][] phases = [[ClusterRoles.Meta], [ClusterRoles.MemDs, ClusterRoles.Node], [ClusterRoles.Router]];
        foreach (var roles in phases)
        {
            var processes = state.Processes.Where(p => roles.Contains(p.Role)).ToList();
            var starts = processes.Select(p => ProcessLauncher.StartAsync(p, timeout, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starts).ConfigureAwait(false);
            }
            finally
            {
                _handles.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.Handle));
                await SaveAsync(state).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"basalt cluster: {string.Join(", ", processes.Select(p => $"{p.Name} (pid {p.Pid.ToString(CultureInfo.InvariantCulture)})"))} ready").ConfigureAwait(false);
        }
    }

    /// <summary>Polls until every storage node is healthy in the meta leader's Status and every router answers ListTables.</summary>
    private async Task WaitUntilServingAsync(ClusterState state, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var meta = new MetaStatusClient(state.Meta.Select(m => (m.Id, m.Url)));
        var expected = state.Nodes.Select(n => (ulong)n.Id).ToHashSet();
        var problem = "";
        while (DateTime.UtcNow < deadline)
        {
            var reply = await meta.StatusAsync(cancellationToken).ConfigureAwait(false);
            var healthy = reply?.Nodes.Where(n => n.Healthy).Select(n => n.Id).ToHashSet() ?? [];
            if (reply is null)
            {
                problem = "no meta member answered Status: " + meta.LastError;
            }
            else if (!expected.IsSubsetOf(healthy))
            {
                problem = $"storage nodes not healthy yet: {string.Join(", ", expected.Except(healthy).Order())}";
            }
            else
            {
                var problems = await Task.WhenAll(state.Routers.Select(r => RouterProbe.ProblemAsync(r, cancellationToken))).ConfigureAwait(false);
                problem = string.Join("; ", problems.Where(p => p is not null));
                if (problem.Length == 0)
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false); // process-level poll, bounded by the deadline
        }

        throw new TimeoutException($"the cluster did not serve within {timeout.TotalSeconds:0} s: {problem}");
    }

    private async Task StopAllAsync(ClusterState started)
    {
        // cluster.json may name newer processes (cluster restart from another shell) than ours. The
        // lock is held only to record the outcome, not while waiting, so `cluster down` can do the same.
        var state = ClusterState.Load(started.DataDirectory) ?? started;
        var killed = await ProcessLauncher.StopAsync(state.Processes, StopGrace, CancellationToken.None).ConfigureAwait(false);
        if (killed.Count > 0)
        {
            await error.WriteLineAsync($"basalt cluster: {string.Join(", ", killed)} did not stop within {StopGrace.TotalSeconds:0} s of SIGTERM and were killed").ConfigureAwait(false);
        }

        try
        {
            await ClusterStateLock.UpdateAsync(
                started.DataDirectory,
                s =>
                {
                    s.MarkExited();
                    if (s.SupervisorPid == Environment.ProcessId)
                    {
                        s.SupervisorPid = 0;
                        s.SupervisorStartTime = 0;
                    }
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Someone removed the cluster's directory; nothing left to record.
        }
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }
    }

    private static async Task SaveAsync(ClusterState state)
    {
        using (await ClusterStateLock.AcquireAsync(state.DataDirectory, CancellationToken.None).ConfigureAwait(false))
        {
            state.Save();
        }
    }
}
