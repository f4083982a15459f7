using Basalt.Router.Admission;

namespace Basalt.Router.Tests;

public sealed class OnDemandAdmissionTests
{
    [Fact]
    public void A_new_on_demand_table_serves_4000_writes_and_12000_reads_a_second_at_once()
    {
        var harness = new Harness();
        var table = harness.OnDemand(1);

        var writes = OfferSpread(harness, table, CapacityKind.Write, perSecond: 4000, seconds: 3);
        var reads = OfferSpread(harness, table, CapacityKind.Read, perSecond: 12000, seconds: 3);

        Assert.Equal(12000, writes);
        Assert.Equal(36000, reads);
    }

    [Fact]
    public void Traffic_above_twice_the_previous_peak_is_throttled_until_capacity_follows()
    {
        var harness = new Harness(new AdmissionOptions { OnDemandTableBucketSeconds = 1 });
        var table = harness.OnDemand(1);

        var firstSecond = OfferSpread(harness, table, CapacityKind.Write, perSecond: 10_000, seconds: 1);
        var throttled = harness.Request(table, CapacityKind.Write, keyHash: Spread(1));
        OfferSpread(harness, table, CapacityKind.Write, perSecond: 10_000, seconds: 10);
        var later = OfferSpread(harness, table, CapacityKind.Write, perSecond: 10_000, seconds: 5);

        // 4,000 WRU/s, plus the one second of it the table bucket holds when the table is new.
        Assert.InRange(firstSecond, 7900, 8100);
        Assert.Equal(ThrottleReason.TableWriteKeyRangeThroughputExceeded, throttled.Reason);
        Assert.Equal(CapacityMode.OnDemand, throttled.Mode);
        Assert.Equal(50_000, later);
        Assert.InRange(harness.Gac.PeakOf(1, CapacityKind.Write), 9000, 10_001);
        Assert.InRange(table.Write.Allowance, 18_000, 20_002);
    }

    [Fact]
    public void A_throttled_provisioned_table_switched_to_on_demand_stops_throttling_at_once()
    {
        var harness = new Harness();
        var table = harness.Provisioned(1, read: 5, write: 5);
        harness.Burst(table, CapacityKind.Write, 3000);
        Assert.False(harness.Request(table, CapacityKind.Write).Admitted);

        harness.OnDemand(1);
        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 500, seconds: 5);

        Assert.Equal(2500, admitted);
    }

    [Fact]
    public void A_table_switched_to_on_demand_starts_from_half_the_most_it_ever_had_provisioned()
    {
        var harness = new Harness();
        harness.Provisioned(1, read: 1, write: 10_000);

        var table = harness.OnDemand(1);
        harness.Request(table, CapacityKind.Write);

        Assert.Equal(10_000, table.Write.Allowance, 6);
        Assert.Equal(12_000, table.Read.Allowance, 6);
    }

    [Fact]
    public void An_on_demand_table_at_the_per_table_quota_is_throttled_for_the_account_limit()
    {
        var harness = new Harness(new AdmissionOptions { OnDemandTableMaxWriteUnits = 5000, OnDemandTableBucketSeconds = 1 });
        var table = harness.OnDemand(1);

        OfferSpread(harness, table, CapacityKind.Write, perSecond: 8000, seconds: 10);
        var decision = harness.Request(table, CapacityKind.Write, keyHash: Spread(3));

        Assert.Equal(5000, table.Write.Allowance, 6);
        Assert.Equal(ThrottleReason.TableWriteAccountLimitExceeded, decision.Reason);
    }

    [Fact]
    public void On_demand_partitions_keep_their_hard_cap()
    {
        var harness = new Harness();
        var table = harness.OnDemand(1);

        var admitted = harness.Offer(table, CapacityKind.Write, perSecond: 3000, seconds: 5, keyHash: 99);

        // Five seconds of the 1,000 WRU/s cap held at the start, then the cap.
        Assert.InRange(admitted, 9990, 10_010);
    }

    internal static ulong Spread(int i) => unchecked((ulong)i * 0x9E3779B97F4A7C15UL);

    private static int OfferSpread(Harness harness, TableAdmission table, CapacityKind kind, int perSecond, int seconds)
    {
        var admitted = 0;
        var step = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
        for (var i = 0; i < perSecond * seconds; i++)
        {
            admitted += harness.Request(table, kind, keyHash: Spread(i)).Admitted ? 1 : 0;
            harness.Clock.Advance(step);
        }

        return admitted;
    }
}
