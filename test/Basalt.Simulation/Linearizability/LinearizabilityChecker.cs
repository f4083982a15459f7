namespace Basalt.Simulation.Linearizability;

/// <summary>The verdict on a history.</summary>
public enum Verdict
{
    Linearizable,
    NotLinearizable,

    /// <summary>The search ran out of budget: no verdict (never reported as a pass).</summary>
    Unknown,
}

/// <summary>The verdict, and for a failure the key whose history has no linearization.</summary>
public sealed record CheckResult(Verdict Verdict, string? Key = null, string? Detail = null)
{
    /// <summary>Why a seed whose history got this result fails (null: linearizable).</summary>
    public string? Failure => Verdict switch
    {
        Verdict.NotLinearizable => $"history not linearizable on key {Key}:\n{Detail}",
        Verdict.Unknown => "linearizability check gave up (unknown)",
        _ => null,
    };
}

/// <summary>
/// A Porcupine-style linearizability checker: the Wing–Gong–Lowe search with memoisation of
/// (linearized set, state), run separately per key (linearizability is compositional).
/// </summary>
public static class LinearizabilityChecker
{
    public static CheckResult Check(IEnumerable<Operation> history, long budgetPerKey = 2_000_000)
    {
        ArgumentNullException.ThrowIfNull(history);
        var unknown = false;
        foreach (var group in history.GroupBy(o => o.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var verdict = CheckKey([.. group], budgetPerKey);
            if (verdict == Verdict.NotLinearizable)
            {
                return new CheckResult(Verdict.NotLinearizable, group.Key, Describe(group));
            }

            unknown |= verdict == Verdict.Unknown;
        }

        return new CheckResult(unknown ? Verdict.Unknown : Verdict.Linearizable);
    }

    private static string Describe(IEnumerable<Operation> ops) =>
        string.Join(Environment.NewLine, ops.OrderBy(o => o.Call).Take(200).Select(o => "  " + o));

    /// <summary>Checks the operations on one key, all starting from an absent value.</summary>
    internal static Verdict CheckKey(IReadOnlyList<Operation> ops, long budget)
    {
        // Reads whose outcome is unknown constrain nothing.
        var relevant = ops.Where(o => !(o.Op == Clients.KvOp.Get && o.OutcomeUnknown)).ToList();
        if (relevant.Count == 0)
        {
            return Verdict.Linearizable;
        }

        var list = EventList.Build(relevant);
        var cache = new HashSet<CacheKey>();
        var linearized = new Bitset(relevant.Count);
        var stack = new Stack<(EventList.Node Call, string? State)>();
        string? state = null;
        var entry = list.Head.Next!;
        long steps = 0;
        while (list.Head.Next is not null)
        {
            if (++steps > budget)
            {
                return Verdict.Unknown;
            }

            if (entry.IsCall)
            {
                var op = relevant[entry.Id];
                if (KvModel.Step(state, op, out var next))
                {
                    linearized.Set(entry.Id);
                    if (cache.Add(new CacheKey(linearized.Clone(), next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        EventList.Lift(entry);
                        entry = list.Head.Next!;
                        continue;
                    }

                    linearized.Clear(entry.Id);
                }

                entry = entry.Next!;
            }
            else
            {
                // A return reached before its call was linearized: backtrack.
                if (stack.Count == 0)
                {
                    return Verdict.NotLinearizable;
                }

                var (call, previous) = stack.Pop();
                state = previous;
                linearized.Clear(call.Id);
                EventList.Unlift(call);
                entry = call.Next!;
            }
        }

        return Verdict.Linearizable;
    }

    private readonly record struct CacheKey(Bitset Linearized, string? State)
    {
        public bool Equals(CacheKey other) => Linearized.Equals(other.Linearized) && string.Equals(State, other.State, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(Linearized.GetHashCode(), State is null ? 0 : StableHash(State));

        private static int StableHash(string s)
        {
            var h = 17;
            foreach (var ch in s)
            {
                h = (h * 31) + ch;
            }

            return h;
        }
    }
}
