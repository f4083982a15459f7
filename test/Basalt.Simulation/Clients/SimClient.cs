using Basalt.Simulation.Linearizability;

namespace Basalt.Simulation.Clients;

/// <summary>
/// A client issuing one operation at a time (put, get or compare-and-set on a few keys) to the node
/// it believes leads. It retries on "not leader" and on attempt timeouts (the same operation id,
/// so a write takes effect at most once); past the operation's deadline it sometimes gives up,
/// recording the outcome as unknown.
/// </summary>
internal sealed class SimClient
{
    private const long OperationDeadline = 1_000_000;

    private readonly Simulation sim;
    private readonly SimRandom random;
    private readonly string[] keys;
    private readonly Dictionary<string, string?> lastSeen = new(StringComparer.Ordinal);
    private long nextOpId = 1;
    private KvCommand? current;
    private long callTime;
    private long deadlineFrom;
    private int attempt;
    private ulong leaderGuess;
    private readonly long attemptTimeout;

    public SimClient(Simulation sim, int id, SimRandom random, string[] keys)
    {
        this.sim = sim;
        this.random = random;
        this.keys = keys;
        Id = id;
        attemptTimeout = random.NextLong(30_000, 150_000);
    }

    public int Id { get; }

    public ulong Endpoint => 1_000_000UL + (ulong)Id;

    public bool Stopped { get; set; }

    public void StartNextOperation()
    {
        if (Stopped)
        {
            return;
        }

        var key = keys[random.Next(keys.Length)];
        var opId = nextOpId++;
        var value = $"{Id}.{opId}";
        var roll = random.NextDouble();
        var readFraction = sim.Profile.ReadFraction;
        current = roll < readFraction
            ? new KvCommand(Id, opId, KvOp.Get, key, null, null)
            : roll < readFraction + ((1 - readFraction) / 2)
                ? new KvCommand(Id, opId, KvOp.Put, key, value, null)
                : new KvCommand(Id, opId, KvOp.Cas, key, value, lastSeen.GetValueOrDefault(key));
        callTime = sim.Queue.Now;
        deadlineFrom = callTime;
        attempt = 0;
        sim.Trace.Add(0xC0L);
        sim.Trace.Add((long)Id);
        sim.Trace.Add(opId);
        SendAttempt();
    }

    private void SendAttempt()
    {
        var command = current!;
        var thisAttempt = ++attempt;
        var target = leaderGuess != 0 && sim.IsRunning(leaderGuess) ? leaderGuess : sim.RandomRunningNode(random);
        if (target != 0)
        {
            sim.SendToNode(this, target, new ClientRequest(Endpoint, thisAttempt, command));
        }

        sim.Queue.After(attemptTimeout, () => OnAttemptTimeout(command.OpId, thisAttempt));
    }

    private void OnAttemptTimeout(long opId, int timedOut)
    {
        if (current is null || current.OpId != opId || attempt != timedOut)
        {
            return;
        }

        leaderGuess = 0;
        if (sim.Queue.Now - deadlineFrom >= OperationDeadline)
        {
            // Usually keep trying (the same operation id keeps a write at-most-once); sometimes
            // give up and leave the outcome unknown.
            if (random.Chance(0.2))
            {
                GiveUp();
                return;
            }

            deadlineFrom = sim.Queue.Now;
        }

        SendAttempt();
    }

    public void OnReply(ClientReply reply)
    {
        var command = current;
        if (command is null || reply.OpId != command.OpId || reply.Attempt != attempt)
        {
            return;
        }

        if (reply.Status == ReplyStatus.NotLeader)
        {
            leaderGuess = reply.LeaderHint;
            var thisAttempt = attempt;
            sim.Queue.After(random.NextLong(1_000, 10_000), () =>
            {
                if (current?.OpId == command.OpId && attempt == thisAttempt)
                {
                    SendAttempt();
                }
            });
            return;
        }

        var now = sim.Queue.Now;
        var result = reply.Result;
        switch (command.Op)
        {
            case KvOp.Put:
                sim.Record(Operation.Put(Id, command.Key, command.Value!, callTime, now));
                sim.AcknowledgedWrite(reply.Index, reply.Term);
                lastSeen[command.Key] = command.Value;
                break;
            case KvOp.Get:
                sim.Record(Operation.Get(Id, command.Key, result.Value, callTime, now));
                lastSeen[command.Key] = result.Value;
                break;
            default:
                sim.Record(Operation.Cas(Id, command.Key, command.Expected, command.Value!, callTime, now, result.Ok));
                sim.AcknowledgedWrite(reply.Index, reply.Term);
                if (result.Ok)
                {
                    lastSeen[command.Key] = command.Value;
                }

                break;
        }

        Finish();
    }

    /// <summary>The run is over: a write still in flight may or may not have happened.</summary>
    public void Abandon()
    {
        if (current is not null)
        {
            GiveUp(scheduleNext: false);
        }
    }

    private void GiveUp(bool scheduleNext = true)
    {
        var command = current!;
        switch (command.Op)
        {
            case KvOp.Put:
                sim.Record(Operation.Put(Id, command.Key, command.Value!, callTime, 0, ok: null));
                break;
            case KvOp.Cas:
                sim.Record(Operation.Cas(Id, command.Key, command.Expected, command.Value!, callTime, 0, swapped: null));
                break;
        }

        if (scheduleNext)
        {
            Finish();
        }
        else
        {
            current = null;
        }
    }

    private void Finish()
    {
        current = null;
        sim.Queue.After(random.NextLong(0, 20_000), StartNextOperation);
    }
}
