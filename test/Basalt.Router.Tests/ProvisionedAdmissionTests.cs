using Basalt.Router.Admission;

namespace Basalt.Router.Tests;

public sealed class ProvisionedAdmissionTests
{
    [Fact]
    public void A_new_table_absorbs_an_initial_burst_of_300_seconds_of_its_capacity()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);

        var admitted = harness.Burst(table, CapacityKind.Write, 3000);

        // 300 s × 5 WCU banked, plus what 5 WCU refill during the three seconds the attempts take.
        Assert.InRange(admitted, 1500, 1520);
    }

    [Fact]
    public void After_the_burst_a_table_is_held_at_its_provisioned_rate()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);

        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 50, seconds: 60);

        Assert.InRange(admitted, 295, 305);
    }

    [Fact]
    public void Throttled_writes_on_a_provisioned_table_name_the_table_write_provisioned_limit()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);

        var decision = harness.Request(table, CapacityKind.Write);

        Assert.False(decision.Admitted);
        Assert.Equal(ThrottleReason.TableWriteProvisionedThroughputExceeded, decision.Reason);
        Assert.Equal("TableWriteProvisionedThroughputExceeded", decision.Reason.WireName());
        Assert.Equal(ThrottleReason.TableReadProvisionedThroughputExceeded, ThrottledRead(harness));
    }

    [Fact]
    public void Unused_capacity_is_banked_again_up_to_300_seconds()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);

        harness.Clock.Advance(TimeSpan.FromSeconds(100));
        var afterHundredSeconds = harness.Burst(table, CapacityKind.Write, 3000);
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var afterAnHour = harness.Burst(table, CapacityKind.Write, 3000);

        Assert.InRange(afterHundredSeconds, 500, 520);
        Assert.InRange(afterAnHour, 1500, 1520);
    }

    [Fact]
    public void A_request_larger_than_the_balance_is_served_then_repaid_before_the_next()
    {
        var harness = new Harness(new AdmissionOptions { BurstSeconds = 1 });
        var table = harness.Provisioned(1, read: 10, write: 1);

        Assert.True(harness.Request(table, CapacityKind.Read, units: 100).Admitted);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(harness.Request(table, CapacityKind.Read).Admitted);
        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(harness.Request(table, CapacityKind.Read).Admitted);
    }

    [Fact]
    public void Reads_and_writes_are_metered_separately()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);

        Assert.InRange(harness.Burst(table, CapacityKind.Read, 3000), 1500, 1520);
    }

    [Fact]
    public void A_throughput_increase_takes_effect_on_the_next_request()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);

        harness.Provisioned(1, read: 5, write: 100);
        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 200, seconds: 10);

        Assert.InRange(admitted, 990, 1010);
    }

    [Fact]
    public void A_partition_never_exceeds_its_hard_write_cap_even_with_capacity_to_spare()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 1, write: 10_000);
        Assert.Equal(11, table.Partitions.Count);

        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 5000, seconds: 4, keyHash: 42);
        var decision = harness.Request(table, CapacityKind.Write, keyHash: 42);

        // Five seconds of cap held at the start, then 1,000 WCU/s: not the 20,000 offered.
        Assert.InRange(admitted, 8990, 9010);
        Assert.Equal(ThrottleReason.TableWriteKeyRangeThroughputExceeded, decision.Reason);
    }

    [Fact]
    public void Keys_spread_over_the_partitions_get_the_whole_table_rate()
    {
        var harness = new Harness(new AdmissionOptions { BurstSeconds = 1 });
        var table = harness.Provisioned(1, read: 1, write: 4000);
        var partitions = table.Partitions.Count;
        var admitted = 0;
        for (var i = 0; i < 4000 * 5; i++)
        {
            var hash = (ulong)i * (ulong.MaxValue / (ulong)partitions + 1);
            admitted += harness.Request(table, CapacityKind.Write, keyHash: hash).Admitted ? 1 : 0;
            harness.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 4000));
        }

        Assert.InRange(admitted, 4000 * 5 - 50, 4000 * 5);
    }

    [Fact]
    public void A_hot_partition_uses_the_tables_unused_capacity_beyond_its_share()
    {
        // 2,000 WCU over three partitions: a share of 667 each, but the table bucket (GAC) lets one
        // hot partition take up to its hard cap of 1,000 while the others are idle.
        var harness = new Harness(new AdmissionOptions { BurstSeconds = 1 });
        var table = harness.Provisioned(1, read: 1, write: 2000);
        Assert.Equal(3, table.Partitions.Count);

        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 1200, seconds: 30, keyHash: 7);

        // The hard cap (1,000 WCU/s, five seconds of it held), far above the 667 share.
        Assert.InRange(admitted, 34_500, 35_100);
    }

    [Fact]
    public void A_table_bursts_only_while_its_storage_node_has_spare_capacity()
    {
        var harness = new Harness(new AdmissionOptions { NodeWriteUnits = 100 });
        var noisy = harness.Provisioned(1, read: 5, write: 5);
        var steady = harness.Provisioned(2, read: 5, write: 90);

        var noisyAdmitted = 0;
        var steadyAdmitted = 0;
        for (var i = 0; i < 10 * 1000; i++)
        {
            noisyAdmitted += harness.Request(noisy, CapacityKind.Write).Admitted ? 1 : 0;
            if (i % 1000 < 90)
            {
                steadyAdmitted += harness.Request(steady, CapacityKind.Write).Admitted ? 1 : 0;
            }

            harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // The node serves 100 WCU/s: the steady table's 90 are always served, the noisy table bursts
        // only into the ~10/s left (plus its own 5/s and the node's first second), not its 1,500 banked.
        Assert.Equal(900, steadyAdmitted);
        Assert.InRange(noisyAdmitted, 100, 300);
    }

    private static ThrottleReason ThrottledRead(Harness harness)
    {
        var table = harness.Provisioned(9, read: 1, write: 1);
        harness.Burst(table, CapacityKind.Read, 1000);
        return harness.Request(table, CapacityKind.Read).Reason;
    }
}
