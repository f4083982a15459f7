using Basalt.Router.Forwarding;
using Basalt.Simulation.Clients;
using Basalt.Simulation.Linearizability;
using Basalt.Simulation.Partitions;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// A client of cluster mode: the same operations as partition mode's clients (PutItem, conditional
/// UpdateItem, DeleteItem, strongly consistent GetItem on <c>{pk, v}</c> items), one at a time, each
/// sent through a router picked at random. A 200 or a failed condition is a definite answer; a
/// 503, an unknown table (MemDS not synced yet) or a read the router gave up on is retried; a 500 or
/// a write the router gave up on leaves the outcome unknown.
/// </summary>
internal sealed class RouterClient(PartitionSimulation sim, int id, SimRandom random, IReadOnlyList<SimKey> keys, IReadOnlyList<SimRouter> routers, Func<string, ulong> hashOf)
{
    private const long OperationDeadline = 2_000_000;

    private readonly Dictionary<string, string?> lastSeen = new(StringComparer.Ordinal);
    private long nextOpId = 1;
    private Request? inFlight;

    public int Id => id;

    public bool Stopped { get; private set; }

    public void Start(long after) => sim.Observe(RunAsync(after));

    public void Abandon()
    {
        Stopped = true;
        if (inFlight is { } request)
        {
            Finish(request, null);
        }
    }

    /// <summary>One strong read of <paramref name="key"/> (after the run): its value, or false when no router could serve it.</summary>
    public async Task<bool> FinalReadAsync(SimKey key)
    {
        var call = sim.Queue.Now;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (kind, value) = await AttemptAsync(new Request(KvOp.Get, key, null, null, call));
            if (kind == Kind.Done)
            {
                sim.Record(Operation.Get(id, key.Name, value, call, sim.Queue.Now));
                return true;
            }

            await sim.Delay(50_000);
        }

        return false;
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
            KvOp.Put => SimItems.Number((id * 1_000_000_000L) + (opId * 1_000)),
            KvOp.Update => SimItems.Increment(expected),
            _ => null,
        };
        sim.Trace.Add(0xC1L);
        sim.Trace.Add(id);
        sim.Trace.Add(opId);
        return new Request(op, key, value, op == KvOp.Update ? expected : null, sim.Queue.Now);
    }

    private async Task OperateAsync(Request request)
    {
        inFlight = request;
        while (!Stopped)
        {
            if (sim.Queue.Now >= request.Call + OperationDeadline)
            {
                Finish(request, null);
                return;
            }

            var (kind, value) = await AttemptAsync(request);
            if (Stopped)
            {
                return;
            }

            switch (kind)
            {
                case Kind.Done:
                case Kind.ConditionFailed:
                    Finish(request, (kind == Kind.Done, value));
                    return;
                case Kind.Unknown:
                    Finish(request, null);
                    return;
                default:
                    await sim.Delay(random.NextLong(1_000, 20_000));
                    break;
            }
        }
    }

    private async Task<(Kind Kind, string? Value)> AttemptAsync(Request request)
    {
        var router = random.Pick(routers);
        var message = SimRequests.Request(request.Op, request.Key.Name, request.Value, request.Expected);
        Protocol.Items.V1.ExecuteReply? reply;
        try
        {
            reply = await router.SendAsync(ClusterWorld.TableId, hashOf(request.Key.Name), message);
        }
        catch (ForwardingException)
        {
            sim.Count("router gave up");
            return request.Op == KvOp.Get ? (Kind.Retry, null) : (Kind.Unknown, null);
        }

        if (reply is null)
        {
            sim.Count("table unknown to MemDS");
            return (Kind.Retry, null);
        }

        return reply.Status switch
        {
            SimRequests.Ok => (Kind.Done, SimRequests.ValueOf(reply)),
            SimRequests.ConditionFailed => (Kind.ConditionFailed, SimRequests.ValueOf(reply)),
            SimRequests.Ambiguous when request.Op != KvOp.Get => (Kind.Unknown, null),
            _ => (Kind.Retry, null),
        };
    }

    /// <summary>Records the operation: <paramref name="outcome"/> null = unknown (a read with no answer is not recorded).</summary>
    private void Finish(Request request, (bool Ok, string? Value)? outcome)
    {
        inFlight = null;
        var now = sim.Queue.Now;
        var name = request.Key.Name;
        if (outcome is not { } done)
        {
            switch (request.Op)
            {
                case KvOp.Put:
                    sim.Record(Operation.Put(id, name, request.Value!, request.Call, 0, ok: null));
                    break;
                case KvOp.Update:
                    sim.Record(Operation.Update(id, name, request.Expected, request.Value!, request.Call, 0, swapped: null));
                    break;
                case KvOp.Delete:
                    sim.Record(Operation.Delete(id, name, request.Call, 0, ok: null));
                    break;
            }

            return;
        }

        switch (request.Op)
        {
            case KvOp.Get:
                sim.Record(Operation.Get(id, name, done.Value, request.Call, now));
                lastSeen[name] = done.Value;
                break;
            case KvOp.Put:
                sim.Record(Operation.Put(id, name, request.Value!, request.Call, now));
                lastSeen[name] = request.Value;
                break;
            case KvOp.Update:
                sim.Record(Operation.Update(id, name, request.Expected, request.Value!, request.Call, now, done.Ok, done.Value));
                lastSeen[name] = done.Ok ? request.Value : done.Value;
                break;
            default:
                sim.Record(Operation.Delete(id, name, request.Call, now));
                lastSeen[name] = null;
                break;
        }
    }

    private sealed record Request(KvOp Op, SimKey Key, string? Value, string? Expected, long Call);

    private enum Kind
    {
        Done,
        ConditionFailed,
        Retry,
        Unknown,
    }
}
