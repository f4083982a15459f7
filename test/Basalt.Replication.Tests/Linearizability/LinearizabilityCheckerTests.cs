using Basalt.Simulation.Linearizability;
using CsCheck;
using static Basalt.Simulation.Linearizability.Operation;

namespace Basalt.Replication.Tests.Linearizability;

/// <summary>The Porcupine-style checker on histories whose verdict is known.</summary>
public class LinearizabilityCheckerTests
{
    private static Verdict Check(params Operation[] ops) => LinearizabilityChecker.Check(ops).Verdict;

    [Fact]
    public void SequentialPutThenGet_IsLinearizable() =>
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10), Get(2, "x", "a", 20, 30)));

    [Fact]
    public void ReadOfAbsentKey_ReturnsNothing() =>
        Assert.Equal(Verdict.Linearizable, Check(Get(1, "x", null, 0, 5), Put(1, "x", "a", 10, 20)));

    [Fact]
    public void StaleReadAfterACompletedWrite_IsNotLinearizable() =>
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "a", 0, 10),
            Put(1, "x", "b", 20, 30),
            Get(2, "x", "a", 40, 50)));

    [Fact]
    public void ReadConcurrentWithAWrite_MaySeeEitherValue()
    {
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10), Put(1, "x", "b", 20, 40), Get(2, "x", "a", 25, 35)));
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10), Put(1, "x", "b", 20, 40), Get(2, "x", "b", 25, 35)));
    }

    [Fact]
    public void ReadsMustNotGoBackInTime()
    {
        // Two sequential reads during one long write: b then a is impossible.
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "a", 0, 10),
            Put(1, "x", "b", 20, 100),
            Get(2, "x", "b", 30, 40),
            Get(2, "x", "a", 50, 60)));
    }

    [Fact]
    public void TwoConcurrentCompareAndSetsFromTheSameValue_CannotBothSucceed()
    {
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "a", 0, 10),
            Cas(2, "x", "a", "b", 20, 40, swapped: true),
            Cas(3, "x", "a", "c", 25, 45, swapped: true)));
        Assert.Equal(Verdict.Linearizable, Check(
            Put(1, "x", "a", 0, 10),
            Cas(2, "x", "a", "b", 20, 40, swapped: true),
            Cas(3, "x", "a", "c", 25, 45, swapped: false),
            Get(1, "x", "b", 50, 60)));
    }

    [Fact]
    public void FailedConditionalUpdate_MustHaveSeenTheValueThenCurrent()
    {
        Assert.Equal(Verdict.Linearizable, Check(
            Put(1, "x", "a", 0, 10),
            Update(2, "x", "z", "1", 20, 30, swapped: false, observed: "a")));
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "a", 0, 10),
            Put(1, "x", "b", 20, 30),
            Update(2, "x", "z", "1", 40, 50, swapped: false, observed: "a")));
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "a", 0, 10),
            Update(2, "x", "a", "1", 20, 30, swapped: false, observed: "a")));
        Assert.Equal(Verdict.Linearizable, Check(
            Update(2, "x", null, "1", 0, 10, swapped: true),
            Update(3, "x", "1", "2", 20, 30, swapped: true),
            Get(1, "x", "2", 40, 50)));
    }

    [Fact]
    public void Delete_LeavesTheKeyAbsentAndAnUnknownOneMayOrMayNotHappen()
    {
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10), Delete(2, "x", 20, 30), Get(1, "x", null, 40, 50)));
        Assert.Equal(Verdict.NotLinearizable, Check(Put(1, "x", "a", 0, 10), Delete(2, "x", 20, 30), Get(1, "x", "a", 40, 50)));
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10), Delete(2, "x", 20, 0, ok: null), Get(1, "x", "a", 40, 50), Get(1, "x", null, 60, 70)));
        Assert.Equal(Verdict.NotLinearizable, Check(Put(1, "x", "a", 0, 10), Delete(2, "x", 20, 0, ok: null), Get(1, "x", null, 40, 50), Get(1, "x", "a", 60, 70)));
    }

    [Fact]
    public void FailedCompareAndSetAgainstTheCurrentValue_IsNotLinearizable() =>
        Assert.Equal(Verdict.NotLinearizable, Check(Put(1, "x", "a", 0, 10), Cas(2, "x", "a", "b", 20, 30, swapped: false)));

    [Fact]
    public void WriteWithUnknownOutcome_MayHaveHappenedLater()
    {
        // The put timed out; a read long after sees its value: it took effect.
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10, ok: null), Get(2, "x", "a", 500, 510)));
    }

    [Fact]
    public void WriteWithUnknownOutcome_MayNeverHaveHappened() =>
        Assert.Equal(Verdict.Linearizable, Check(Put(1, "x", "a", 0, 10, ok: null), Get(2, "x", null, 500, 510)));

    [Fact]
    public void WriteWithUnknownOutcome_CannotTakeEffectBeforeItWasInvoked() =>
        Assert.Equal(Verdict.NotLinearizable, Check(Get(2, "x", "a", 0, 10), Put(1, "x", "a", 20, 30, ok: null)));

    [Fact]
    public void CompareAndSetWithUnknownOutcome_SwapsOnlyIfTheValueMatched()
    {
        Assert.Equal(Verdict.Linearizable, Check(
            Put(1, "x", "a", 0, 10), Cas(2, "x", "a", "b", 20, 30, swapped: null), Get(1, "x", "b", 40, 50)));
        Assert.Equal(Verdict.NotLinearizable, Check(
            Put(1, "x", "z", 0, 10), Cas(2, "x", "a", "b", 20, 30, swapped: null), Get(1, "x", "b", 40, 50)));
    }

    [Fact]
    public void Keys_AreCheckedIndependentlyAndTheFailingKeyIsNamed()
    {
        var result = LinearizabilityChecker.Check([
            Put(1, "x", "a", 0, 10), Get(1, "x", "a", 20, 30),
            Put(1, "y", "a", 0, 10), Put(1, "y", "b", 20, 30), Get(2, "y", "a", 40, 50),
        ]);
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal("y", result.Key);
    }

    [Fact]
    public void SearchThatRunsOutOfBudget_ReportsUnknownNeverLinearizable()
    {
        // Many concurrent writes with unknown outcomes and one impossible read: the search must
        // explore many orders before failing, so a tiny budget cannot finish.
        var ops = Enumerable.Range(0, 12).Select(i => Put(i, "x", $"v{i}", 0, 0, ok: null)).ToList();
        ops.Add(Get(99, "x", "never-written", 10, 20));
        Assert.Equal(Verdict.Unknown, LinearizabilityChecker.Check(ops, budgetPerKey: 1_000).Verdict);
        Assert.Equal(Verdict.NotLinearizable, LinearizabilityChecker.Check(ops).Verdict);
    }

    [Fact]
    public void HistoriesOfARealRegisterWithOverlappingIntervals_AreLinearizable()
    {
        // Property: execute random operations on a real register at distinct instants, then widen
        // each operation's interval around its instant; the history stays linearizable.
        var gen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 40], Gen.Int[0, 40]).Array[1, 25];
        gen.Sample(steps =>
        {
            string? value = null;
            var ops = new List<Operation>();
            for (var i = 0; i < steps.Length; i++)
            {
                var (kind, v, before, after) = steps[i];
                long at = (i + 1) * 20;
                long call = at - before, ret = at + after;
                var s = $"v{v}";
                switch (kind)
                {
                    case 0:
                        ops.Add(Put(i, "x", s, call, ret));
                        value = s;
                        break;
                    case 1:
                        ops.Add(Get(i, "x", value, call, ret));
                        break;
                    default:
                        var swapped = value == s;
                        ops.Add(Cas(i, "x", s, $"w{i}", call, ret, swapped));
                        if (swapped)
                        {
                            value = $"w{i}";
                        }

                        break;
                }
            }

            return LinearizabilityChecker.Check(ops).Verdict == Verdict.Linearizable;
        }, iter: 300);
    }
}
