namespace Basalt.Api.Tests.Crash;

/// <summary>The counter ledger's verdicts: what the replicated crash test would report.</summary>
public sealed class CounterLedgerTests
{
    private static CounterLedger Ledger(params (int Expected, bool Acknowledged)[] increments)
    {
        var ledger = new CounterLedger(["k"]);
        foreach (var (expected, acknowledged) in increments)
        {
            if (acknowledged)
            {
                ledger.Acknowledged("k", expected);
            }
            else
            {
                ledger.Unknown("k", expected);
            }
        }

        return ledger;
    }

    private static Dictionary<string, int> Value(int n) => new() { ["k"] = n };

    [Fact]
    public void Acknowledged_increments_and_applied_unknown_ones_explain_the_value()
    {
        var ledger = Ledger((0, true), (1, true), (2, false), (2, true), (3, false));
        Assert.Empty(ledger.Verify(Value(3)));
        Assert.Empty(ledger.Verify(Value(4)));
    }

    [Fact]
    public void A_lost_acknowledged_increment_is_reported()
    {
        var ledger = Ledger((0, true), (1, true), (2, true));
        Assert.Contains(ledger.Verify(Value(2)), p => p.Contains("increment from 2 was acknowledged", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_acknowledged_increments_from_one_value_are_reported()
    {
        var ledger = Ledger((0, true), (1, true), (1, true));
        Assert.Contains(ledger.Verify(Value(3)), p => p.Contains("2 acknowledged increments from 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_step_nobody_sent_is_reported()
    {
        var ledger = Ledger((0, true), (1, false));
        Assert.Contains(ledger.Verify(Value(3)), p => p.Contains("nobody sent the increments from 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_counter_is_reported()
    {
        Assert.Contains(Ledger().Verify(Value(-1)), p => p.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_strong_read_below_an_acknowledged_increment_is_reported()
    {
        var ledger = Ledger((0, true));
        var floor = ledger.Floor("k");
        ledger.Read("k", floor, 1);
        Assert.Empty(ledger.Verify(Value(1)));
        ledger.Read("k", floor, 0);
        Assert.Contains(ledger.Verify(Value(1)), p => p.Contains("strong read returned 0 after 1", StringComparison.Ordinal));
    }
}
