using Basalt.Router.Admission;
using Basalt.Router.Gac;
using Microsoft.Extensions.Time.Testing;

namespace Basalt.Router.Tests;

/// <summary>A router and a GAC service on one virtual clock, with helpers that offer load over virtual time.</summary>
internal sealed class Harness
{
    public Harness(AdmissionOptions? options = null)
    {
        Options = options ?? new AdmissionOptions();
        Gac = new GlobalAdmissionService(Options, Clock);
        Storage = new NodeAdmission(Options, Clock);
        Router = new AdmissionController(Storage, Gac);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public AdmissionOptions Options { get; }

    public GlobalAdmissionService Gac { get; }

    public NodeAdmission Storage { get; }

    public AdmissionController Router { get; }

    public TableAdmission Provisioned(ulong id, double read, double write) =>
        Router.GetTable(id, "us-east-1", "table" + id, TableSettings.Provisioned(read, write));

    public TableAdmission OnDemand(ulong id) => Router.GetTable(id, "us-east-1", "table" + id, TableSettings.OnDemand());

    /// <summary>One request: admitted and charged <paramref name="units"/>, or throttled.</summary>
    public AdmissionDecision Request(TableAdmission table, CapacityKind kind, ulong keyHash = 0, double units = 1) =>
        Request(Router, table, kind, keyHash, units);

    public static AdmissionDecision Request(AdmissionController router, TableAdmission table, CapacityKind kind, ulong keyHash = 0, double units = 1)
    {
        var decision = router.Admit(table, kind, keyHash);
        if (decision.Admitted)
        {
            router.Debit(table, decision, kind == CapacityKind.Read ? units : 0, kind == CapacityKind.Write ? units : 0);
        }

        return decision;
    }

    /// <summary>Offers <paramref name="perSecond"/> requests a second, evenly, for <paramref name="seconds"/>; returns how many were admitted.</summary>
    public int Offer(TableAdmission table, CapacityKind kind, int perSecond, int seconds, ulong keyHash = 0, double units = 1)
    {
        var admitted = 0;
        var step = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
        for (var i = 0; i < perSecond * seconds; i++)
        {
            if (Request(table, kind, keyHash, units).Admitted)
            {
                admitted++;
            }

            Clock.Advance(step);
        }

        return admitted;
    }

    /// <summary>
    /// Offers <paramref name="count"/> requests as fast as a partition takes them (one per virtual
    /// millisecond: 1,000 a second, its hard write cap); returns how many were admitted.
    /// </summary>
    public int Burst(TableAdmission table, CapacityKind kind, int count, ulong keyHash = 0)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            if (Request(table, kind, keyHash).Admitted)
            {
                admitted++;
            }

            Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        return admitted;
    }
}
