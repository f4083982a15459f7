using Basalt.Simulation.Clients;

namespace Basalt.Simulation.Linearizability;

/// <summary>
/// The sequential specification of one key: a register with put, get, compare-and-set, delete, and
/// conditional update (a compare-and-set whose failure reports the value it saw).
/// </summary>
internal static class KvModel
{
    /// <summary>
    /// Applies <paramref name="op"/> to <paramref name="state"/> (null = absent). False when the
    /// observed output is impossible in that state. An unknown outcome is consistent with any state.
    /// </summary>
    public static bool Step(string? state, Operation op, out string? next)
    {
        next = state;
        switch (op.Op)
        {
            case KvOp.Put:
                next = op.Value;
                return true;
            case KvOp.Get:
                return op.OutcomeUnknown || op.Output!.Value.Value == state;
            case KvOp.Cas:
                var swaps = state == op.Expected;
                if (swaps)
                {
                    next = op.Value;
                }

                return op.OutcomeUnknown || op.Output!.Value.Ok == swaps;
            case KvOp.Update:
                if (state == op.Expected)
                {
                    next = op.Value;
                    return op.OutcomeUnknown || op.Output!.Value.Ok;
                }

                return op.OutcomeUnknown || (!op.Output!.Value.Ok && op.Output.Value.Value == state);
            case KvOp.Delete:
                next = null;
                return true;
            default:
                return false;
        }
    }
}
