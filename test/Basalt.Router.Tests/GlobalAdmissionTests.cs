using Basalt.Router.Admission;
using Basalt.Router.Gac;

namespace Basalt.Router.Tests;

public sealed class GlobalAdmissionTests
{
    [Fact]
    public void Under_subscription_meets_every_demand_and_spreads_the_rest_evenly()
    {
        var shares = new double[2];

        FairShare.Allocate(100, [10, 20], shares);

        Assert.Equal([45, 55], shares);
    }

    [Fact]
    public void Over_subscription_divides_the_rate_max_min_fairly()
    {
        var shares = new double[3];

        FairShare.Allocate(100, [10, 80, 80], shares);

        Assert.Equal([10, 45, 45], shares);
        Assert.Equal(100, shares.Sum(), 9);
    }

    [Fact]
    public void A_busy_router_gets_the_capacity_an_idle_router_does_not_use()
    {
        var cluster = new TwoRouters(writeUnits: 100);
        cluster.Request(cluster.B);

        var admitted = cluster.Offer(aPerSecond: 200, bPerSecond: 0, seconds: 30);

        // After a period or two of reports, A is granted all 100 WCU/s of the table.
        Assert.InRange(admitted.A, 2700, 3050);
    }

    [Fact]
    public void Busy_routers_share_the_table_rate_and_together_stay_within_it()
    {
        var cluster = new TwoRouters(writeUnits: 100);
        cluster.Offer(aPerSecond: 200, bPerSecond: 200, seconds: 4);

        var admitted = cluster.Offer(aPerSecond: 200, bPerSecond: 200, seconds: 30);

        Assert.InRange(admitted.A + admitted.B, 2950, 3050);
        Assert.InRange(admitted.A, 1350, 1650);
        Assert.InRange(admitted.B, 1350, 1650);
    }

    [Fact]
    public void Demand_that_moves_between_routers_is_followed_within_a_few_periods()
    {
        var cluster = new TwoRouters(writeUnits: 100);
        cluster.Offer(aPerSecond: 200, bPerSecond: 0, seconds: 20);

        var admitted = cluster.Offer(aPerSecond: 0, bPerSecond: 200, seconds: 20);

        Assert.InRange(admitted.B, 1750, 2050);
    }

    [Fact]
    public void A_restarted_GAC_service_rebuilds_its_state_from_the_next_reports()
    {
        var cluster = new TwoRouters(writeUnits: 100);
        cluster.Offer(aPerSecond: 200, bPerSecond: 200, seconds: 10);

        cluster.RestartGac();
        var admitted = cluster.Offer(aPerSecond: 200, bPerSecond: 200, seconds: 30);

        Assert.InRange(admitted.A + admitted.B, 2900, 3200);
    }

    /// <summary>Two routers in front of one storage node, sharing one GAC service that can be restarted.</summary>
    private sealed class TwoRouters
    {
        private readonly Harness _harness = new(new AdmissionOptions { BurstSeconds = 0.01 });
        private readonly RestartableGac _gac;

        public TwoRouters(double writeUnits)
        {
            _gac = new RestartableGac(_harness);
            var routerA = new AdmissionController(_harness.Storage, _gac, "a");
            var routerB = new AdmissionController(_harness.Storage, _gac, "b");
            var settings = TableSettings.Provisioned(1, writeUnits);
            A = (routerA, routerA.GetTable(1, "us-east-1", "t", settings));
            B = (routerB, routerB.GetTable(1, "us-east-1", "t", settings));
        }

        public (AdmissionController Router, TableAdmission Table) A { get; }

        public (AdmissionController Router, TableAdmission Table) B { get; }

        public bool Request((AdmissionController Router, TableAdmission Table) router) =>
            Harness.Request(router.Router, router.Table, CapacityKind.Write, OnDemandAdmissionTests.Spread(Environment.TickCount)).Admitted;

        public void RestartGac() => _gac.Restart();

        public (int A, int B) Offer(int aPerSecond, int bPerSecond, int seconds)
        {
            var a = 0;
            var b = 0;
            for (var ms = 0; ms < seconds * 1000; ms++)
            {
                if (aPerSecond > 0 && ms % (1000 / aPerSecond) == 0)
                {
                    a += Request(A) ? 1 : 0;
                }

                if (bPerSecond > 0 && ms % (1000 / bPerSecond) == 0)
                {
                    b += Request(B) ? 1 : 0;
                }

                _harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            return (a, b);
        }
    }

    private sealed class RestartableGac(Harness harness) : IGlobalAdmission
    {
        private GlobalAdmissionService _service = new(harness.Options, harness.Clock);

        public void Restart() => _service = new GlobalAdmissionService(harness.Options, harness.Clock);

        public ValueTask<CapacityGrant> RequestAsync(CapacityRequest request, CancellationToken cancellationToken = default) =>
            _service.RequestAsync(request, cancellationToken);
    }
}
