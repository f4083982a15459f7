using System.Diagnostics;
using Basalt.Router.Admission;

namespace Basalt.Router.Tests;

public sealed class HotPathTests(ITestOutputHelper output)
{
    [Fact]
    public void Admitting_and_debiting_a_request_allocates_nothing()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 1000, write: 1000);
        var spread = harness.OnDemand(2);
        Exercise(harness, table, spread, 1000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Exercise(harness, table, spread, 10_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact(Explicit = true)]
    public void Admission_cost_per_request()
    {
        var harness = new Harness(new AdmissionOptions());
        var router = new AdmissionController(harness.Storage, harness.Gac);
        var table = router.GetTable(1, "us-east-1", "t", TableSettings.OnDemand());
        const int Count = 5_000_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            var decision = router.Admit(table, CapacityKind.Write, (ulong)i * 0x9E3779B97F4A7C15UL);
            router.Debit(table, decision, 0, 1);
        }

        output.WriteLine($"Admit + Debit: {watch.Elapsed.TotalNanoseconds / Count:F0} ns per request (one thread, real clock)");
    }

    private static void Exercise(Harness harness, TableAdmission table, TableAdmission spread, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var decision = harness.Router.Admit(table, CapacityKind.Write, (ulong)i);
            harness.Router.Debit(table, decision, 0, 1);
            var wide = harness.Router.AdmitSpread(spread, CapacityKind.Read);
            harness.Router.Debit(spread, wide, 2.5, 0);
            harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
