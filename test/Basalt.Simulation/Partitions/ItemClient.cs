using Basalt.Partition;
using Basalt.Simulation.Clients;
using Basalt.Simulation.Linearizability;
using Basalt.Storage;

namespace Basalt.Simulation.Partitions;

/// <summary>
/// A client of partition mode doing what the server's request handler will do, one operation at a
/// time: PutItem, conditional UpdateItem (increment the counter if it still holds the value this
/// client last saw, else fail and report what it saw), DeleteItem, strongly consistent GetItem. A
/// request crosses the simulated network to a node; there, writes run leader-side evaluation — the
/// key's latch, <c>BeginWrite</c>, <c>ReadLatest</c>, evaluate (taking a little time), encode the
/// item image, <c>ProposeAsync</c> — and reads run <c>ReadIndexAsync</c>, <c>WaitAppliedAsync</c> and
/// an engine read on that replica. Not serving: retry at the hinted leader. Superseded: nothing
/// happened, evaluate again. Unknown, a timeout or a lost reply: the outcome is indeterminate.
/// </summary>
internal sealed class ItemClient
{
    private const long OperationDeadline = 1_500_000;

    private readonly PartitionSimulation sim;
    private readonly SimRandom random;
    private readonly IReadOnlyList<SimKey> keys;
    private readonly Dictionary<string, string?> lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ulong> leaderGuess = [];
    private readonly long attemptTimeout;
    private long nextOpId = 1;
    private Request? inFlight;

    public ItemClient(PartitionSimulation sim, int id, SimRandom random, IReadOnlyList<SimKey> keys)
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

    public void Start(long after) => sim.Observe(RunAsync(after));

    /// <summary>The run is over: a write in flight may or may not have happened.</summary>
    public void Abandon()
    {
        Stopped = true;
        if (inFlight is { } request)
        {
            GiveUp(request);
        }
    }

    private async Task RunAsync(long after)
    {
        await sim.Delay(after);
        while (!Stopped)
        {
            await OperateAsync(Next());
            await sim.Delay(random.NextLong(0, 20_000));
        }
    }

    private Request Next()
    {
        var key = keys[random.Next(keys.Count)];
        var opId = nextOpId++;
        var roll = random.NextDouble();
        var reads = sim.Profile.ReadFraction;
        var op = roll < reads ? KvOp.Get
            : roll < reads + ((1 - reads) * 0.35) ? KvOp.Put
            : roll < reads + ((1 - reads) * 0.85) ? KvOp.Update
            : KvOp.Delete;
        var expected = lastSeen.GetValueOrDefault(key.Name);
        var value = op switch
        {
            KvOp.Put => SimItems.Number((Id * 1_000_000_000L) + (opId * 1_000)),
            KvOp.Update => SimItems.Increment(expected),
            _ => null,
        };
        sim.Trace.Add(0xC0L);
        sim.Trace.Add((long)Id);
        sim.Trace.Add(opId);
        return new Request(op, key, value, op == KvOp.Update ? expected : null, sim.Queue.Now);
    }

    private async Task OperateAsync(Request request)
    {
        inFlight = request;
        var deadline = request.Call + OperationDeadline;
        while (!Stopped)
        {
            if (sim.Queue.Now >= deadline)
            {
                GiveUp(request);
                return;
            }

            var result = await AttemptAsync(request, deadline);
            if (Stopped)
            {
                return;
            }

            switch (result.Kind)
            {
                case Outcome.Done:
                    Record(request, result);
                    return;
                case Outcome.Indeterminate:
                    GiveUp(request);
                    return;
                default:
                    await sim.Delay(random.NextLong(1_000, 10_000));
                    break;
            }
        }
    }

    private async Task<Result> AttemptAsync(Request request, long deadline)
    {
        var group = request.Key.Group;
        var host = sim.Host(leaderGuess.GetValueOrDefault(group)) is { Up: true } guessed ? guessed : sim.RandomUpHost(random);
        if (host is null)
        {
            return Result.Retry;
        }

        if (!await sim.HopAsync(Endpoint, host.Id, attemptTimeout))
        {
            leaderGuess[group] = 0;
            return Result.Retry;
        }

        if (host.Node?.Replica(group) is not { } replica)
        {
            return Result.Retry;
        }

        Result result;
        try
        {
            result = request.Op == KvOp.Get ? await ReadAsync(request, replica) : await WriteAsync(request, replica, deadline);
        }
        catch (ReplicaUnavailableException e)
        {
            sim.Count("not serving");
            leaderGuess[group] = e.LeaderHint;
            return Result.Retry;
        }
        catch (ObjectDisposedException)
        {
            // The node lost power under a read of its engine.
            leaderGuess[group] = 0;
            return Result.Retry;
        }

        if (result.Kind != Outcome.Done)
        {
            // A timeout: the node may be cut off from its group; ask another one next time.
            leaderGuess[group] = 0;
        }
        else if (!await sim.HopAsync(host.Id, Endpoint, attemptTimeout))
        {
            leaderGuess[group] = 0;
            // The answer is lost: a write may have happened; a read or a failed condition changed nothing.
            return result.Wrote ? Result.Indeterminate : Result.Retry;
        }

        return result;
    }

    private async Task<Result> ReadAsync(Request request, PartitionReplica replica)
    {
        var read = replica.ReadIndexAsync();
        if (!await sim.WithinAsync(read, attemptTimeout))
        {
            return Result.Retry;
        }

        var applied = replica.WaitAppliedAsync(await read);
        if (!await sim.WithinAsync(applied, attemptTimeout))
        {
            return Result.Retry;
        }

        await applied;
        var stored = sim.Bugs.HasFlag(PartitionBugs.ReadPending)
            ? replica.ReadLatest(request.Key.ItemKey)
            : replica.Engine.Get(ColumnFamily.Data, request.Key.ItemKey);
        return Result.Read(SimItems.ValueOf(stored));
    }

    private async Task<Result> WriteAsync(Request request, PartitionReplica replica, long deadline)
    {
        var key = request.Key.ItemKey;
        Task<ProposalOutcome>? proposal = null;
        Task? confirmation = null;
        string? current;
        using (sim.Bugs.HasFlag(PartitionBugs.NoLatch) ? default : await replica.Latches.AcquireAsync(key))
        {
            var term = replica.BeginWrite();
            current = SimItems.ValueOf(replica.ReadLatest(key));

            // Evaluation takes a moment (decoding, conditions, indexes): other requests interleave.
            await sim.Delay(random.NextLong(0, 2_000));
            var batch = new WriteBatch();
            switch (request.Op)
            {
                case KvOp.Put:
                case KvOp.Update when current == request.Expected:
                    batch.Put(ColumnFamily.Data, key, SimItems.Encode(request.Key.Name, request.Value!));
                    break;
                case KvOp.Delete when current is not null:
                    batch.Delete(ColumnFamily.Data, key);
                    break;
            }

            if (batch.Count > 0)
            {
                proposal = replica.ProposeAsync(term, PartitionCommand.Encode(batch));
            }
            else if (!sim.Bugs.HasFlag(PartitionBugs.UnconfirmedCondition))
            {
                // Nothing to write: the answer is a read of the latest value, confirmed like one.
                confirmation = replica.ConfirmLatestAsync(term, [key]);
            }
        }

        if (proposal is not null)
        {
            if (!await sim.WithinAsync(proposal, Math.Max(deadline - sim.Queue.Now, attemptTimeout)))
            {
                return Result.Indeterminate;
            }

            return await proposal switch
            {
                ProposalOutcome.Applied => Result.Written(current),
                ProposalOutcome.Superseded => Superseded(),
                _ => Result.Indeterminate,
            };
        }

        if (confirmation is not null)
        {
            if (!await sim.WithinAsync(confirmation, attemptTimeout))
            {
                return Result.Retry;
            }

            sim.Count(confirmation.IsCompletedSuccessfully ? "confirmed" : "confirmation failed");
            await confirmation;
        }

        return Result.Unchanged(current);
    }

    private Result Superseded()
    {
        sim.Count("superseded");
        return Result.Retry;
    }

    private void Record(Request request, Result result)
    {
        inFlight = null;
        var now = sim.Queue.Now;
        var name = request.Key.Name;
        switch (request.Op)
        {
            case KvOp.Get:
                sim.Record(Operation.Get(Id, name, result.Observed, request.Call, now));
                lastSeen[name] = result.Observed;
                break;
            case KvOp.Put:
                sim.Record(Operation.Put(Id, name, request.Value!, request.Call, now));
                lastSeen[name] = request.Value;
                break;
            case KvOp.Update:
                sim.Record(Operation.Update(Id, name, request.Expected, request.Value!, request.Call, now, result.Wrote, result.Observed));
                lastSeen[name] = result.Wrote ? request.Value : result.Observed;
                break;
            default:
                sim.Record(Operation.Delete(Id, name, request.Call, now));
                lastSeen[name] = null;
                break;
        }
    }

    private void GiveUp(Request request)
    {
        inFlight = null;
        var name = request.Key.Name;
        switch (request.Op)
        {
            case KvOp.Put:
                sim.Record(Operation.Put(Id, name, request.Value!, request.Call, 0, ok: null));
                break;
            case KvOp.Update:
                sim.Record(Operation.Update(Id, name, request.Expected, request.Value!, request.Call, 0, swapped: null));
                break;
            case KvOp.Delete:
                sim.Record(Operation.Delete(Id, name, request.Call, 0, ok: null));
                break;
        }
    }

    private sealed record Request(KvOp Op, SimKey Key, string? Value, string? Expected, long Call);

    private enum Outcome
    {
        Done,
        Retry,
        Indeterminate,
    }

    /// <summary>An attempt's result: for a done write whether it wrote, and the value the evaluation saw.</summary>
    private readonly record struct Result(Outcome Kind, bool Wrote, string? Observed)
    {
        public static Result Retry => new(Outcome.Retry, false, null);

        public static Result Indeterminate => new(Outcome.Indeterminate, true, null);

        public static Result Read(string? value) => new(Outcome.Done, false, value);

        public static Result Written(string? before) => new(Outcome.Done, true, before);

        public static Result Unchanged(string? current) => new(Outcome.Done, false, current);
    }
}
