using System.Collections.Concurrent;
using Basalt.Control.Health;
using Basalt.Control.Members;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using Prometheus;

namespace Basalt.Control.Autoadmin;

/// <summary>
/// Runs <see cref="HealingPolicy"/> on the meta leader every interval and proposes its commands,
/// one at a time per group (a group's command is not proposed again while one is in flight).
/// </summary>
public sealed class AutoadminLoop : IAsyncDisposable
{
    private readonly MetaMember _member;
    private readonly HealthBook _health;
    private readonly HealingPolicy _policy;
    private readonly Counter _actions;
    private readonly ConcurrentDictionary<ulong, byte> _inFlight = new();
    private readonly System.Threading.ITimer _timer;
    private int _running;
    private long _replaced;
    private long _promoted;

    public AutoadminLoop(MetaMember member, HealthBook health, HealingPolicy policy, IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _member = member;
        _health = health;
        _policy = policy;
        _actions = metrics.CreateCounter("basalt_autoadmin_actions_total", "Healing commands autoadmin proposed", ["action"]);
        _timer = health.Time.CreateTimer(_ => _ = RoundAsync(), null, policy.Options.Interval, policy.Options.Interval);
    }

    /// <summary>Replacements proposed (a dead replica by a log replica).</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    /// <summary>Promotions proposed (a log replica to a full one).</summary>
    public long Promoted => Interlocked.Read(ref _promoted);

    /// <summary>One decision (the timer calls it; tests may too).</summary>
    public async Task RoundAsync()
    {
        if (!_member.IsLeader || Interlocked.Exchange(ref _running, 1) != 0)
        {
            return;
        }

        try
        {
            var image = await _member.ReadAsync((map, _) => map.Image()).ConfigureAwait(false);
            var commands = _policy.Decide(image, _health.Snapshot(), _health.Since, _health.Time.GetUtcNow());
            foreach (var command in commands)
            {
                if (!_inFlight.TryAdd(command.GroupId, 0))
                {
                    continue;
                }

                var promote = command.From == command.To;
                _actions.WithLabels(promote ? "promote" : "replace").Inc();
                Interlocked.Increment(ref promote ? ref _promoted : ref _replaced);
                _ = ProposeAsync(command);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public async ValueTask DisposeAsync() => await _timer.DisposeAsync().ConfigureAwait(false);

    private async Task ProposeAsync(Metadata.Commands.ReplaceReplica command)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _member.ProposeAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.TryRemove(command.GroupId, out _);
        }
    }
}
