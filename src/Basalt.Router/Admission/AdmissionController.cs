using System.Collections.Concurrent;
using Basalt.Router.Gac;

namespace Basalt.Router.Admission;

/// <summary>
/// Admission control at a request router: before an operation runs, <see cref="Admit"/> decides
/// from the partition's hard cap, the table's bucket (refilled from GAC), the partition's bank of
/// unused share and the node's bucket whether to serve it; after it ran, <see cref="Debit(TableAdmission, in AdmissionDecision, double, double)"/>
/// charges what it actually consumed. Both are lock-free (a few reads, a few compare-and-swaps)
/// and allocate nothing.
/// </summary>
/// <remarks>
/// Provisioned tables: served while the table bucket has tokens, whichever partition the request
/// hits, so a hot partition may use the table's unused capacity (adaptive capacity through GAC);
/// beyond that, a partition bursts on its bank — its unused share of the table's rate, up to 300 s
/// of it — only while the node has spare capacity; never beyond the partition's hard cap. On-demand
/// tables: served while the table bucket, at twice the previous peak, has tokens, up to the hard
/// caps; the capacity follows the traffic through GAC.
/// </remarks>
public sealed class AdmissionController
{
    private readonly ConcurrentDictionary<ulong, TableAdmission> _tables = new();

    /// <param name="storage">The storage node's buckets (partitions and node), shared by the routers that send it requests.</param>
    /// <param name="gac">Global admission control, which refills the table buckets.</param>
    /// <param name="routerId">This router's identity at GAC.</param>
    public AdmissionController(NodeAdmission storage, IGlobalAdmission gac, string routerId = "local")
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(gac);
        ArgumentNullException.ThrowIfNull(routerId);
        Storage = storage;
        Gac = gac;
        RouterId = routerId;
    }

    /// <summary>A router with its own storage node and GAC service (the embedded server).</summary>
    public AdmissionController(AdmissionOptions options, TimeProvider clock)
        : this(new NodeAdmission(options, clock), new GlobalAdmissionService(options, clock))
    {
    }

    public AdmissionOptions Options => Storage.Options;

    public NodeAdmission Storage { get; }

    public IGlobalAdmission Gac { get; }

    public string RouterId { get; }

    /// <summary>The storage node's own buckets.</summary>
    public NodeCapacity Node => Storage.Capacity;

    /// <summary>Seconds on the storage node's clock.</summary>
    public double Now => Storage.Now;

    /// <summary>The tables this router has admitted requests for.</summary>
    public ICollection<TableAdmission> Tables => _tables.Values;

    /// <summary>The admission state of a table, created on first use; new settings take effect at once.</summary>
    public TableAdmission GetTable(ulong tableId, string region, string name, TableSettings settings)
    {
        if (_tables.TryGetValue(tableId, out var table))
        {
            if (!table.Has(settings))
            {
                table.Configure(settings, Now);
            }

            return table;
        }

        return _tables.GetOrAdd(tableId, static (id, state) => new TableAdmission(state.Self, id, state.Region, state.Name, state.Settings, state.Self.Now), (Self: this, Region: region, Name: name, Settings: settings));
    }

    /// <summary>Forgets a dropped table (and tells GAC when it is in this process).</summary>
    public void Forget(ulong tableId)
    {
        _tables.TryRemove(tableId, out _);
        Storage.Forget(tableId);
        if (Gac is GlobalAdmissionService local)
        {
            local.Forget(tableId);
        }
    }

    /// <summary>Admission of a request on the item whose partition key hashes to <paramref name="keyHash"/>.</summary>
    public AdmissionDecision Admit(TableAdmission table, CapacityKind kind, ulong keyHash)
    {
        ArgumentNullException.ThrowIfNull(table);
        var now = Now;
        table.RefreshIfDue(now);
        var partitions = table.PartitionArray;
        var partition = partitions.Length == 1 ? partitions[0] : partitions[PartitionLayout.IndexOf(keyHash, partitions.Length)];
        var lane = partition.Lane(kind);
        var tableLane = table.Lane(kind);
        var mode = table.Mode;
        if (!lane.Cap.HasTokens(now))
        {
            return Throttle(tableLane, lane, mode, partition, ThrottleReasons.KeyRange(kind));
        }

        if (tableLane.Gate.HasTokens(now))
        {
            return new AdmissionDecision(ThrottleReason.None, mode, partition, OnPartitionBank: false);
        }

        if (mode == CapacityMode.Provisioned && lane.Burst.HasTokens(now) && Node.Lane(kind).HasTokens(now))
        {
            return new AdmissionDecision(ThrottleReason.None, mode, partition, OnPartitionBank: true);
        }

        return Throttle(tableLane, lane, mode, partition, TableLimit(table, kind, mode));
    }

    /// <summary>Admission of a request that spans the table's partitions (Query, Scan, batches, transactions).</summary>
    public AdmissionDecision AdmitSpread(TableAdmission table, CapacityKind kind)
    {
        ArgumentNullException.ThrowIfNull(table);
        var now = Now;
        table.RefreshIfDue(now);
        var tableLane = table.Lane(kind);
        var mode = table.Mode;
        if (tableLane.Gate.HasTokens(now))
        {
            return new AdmissionDecision(ThrottleReason.None, mode, null, OnPartitionBank: false);
        }

        if (mode == CapacityMode.Provisioned && Node.Lane(kind).HasTokens(now))
        {
            foreach (var partition in table.PartitionArray)
            {
                if (partition.Lane(kind).Burst.HasTokens(now))
                {
                    return new AdmissionDecision(ThrottleReason.None, mode, null, OnPartitionBank: true);
                }
            }
        }

        return Throttle(tableLane, null, mode, null, TableLimit(table, kind, mode));
    }

    /// <summary>Charges what an admitted request consumed, on the buckets it was admitted on.</summary>
    public void Debit(TableAdmission table, in AdmissionDecision decision, double readUnits, double writeUnits) =>
        Debit(table, decision.Partition, decision.OnPartitionBank, readUnits, writeUnits);

    /// <summary>Charges what a request consumed that was not admission-checked (spread over the table's partitions).</summary>
    public void Debit(TableAdmission table, double readUnits, double writeUnits) =>
        Debit(table, null, onPartitionBank: false, readUnits, writeUnits);

    /// <summary>
    /// Charges consumed capacity. Admitted on the table bucket: the table bucket (debt delays the
    /// next admissions); the partition's bank for any overdraft of the table bucket, and otherwise
    /// down to at most one second of debt — consumption within the table's rate banks nothing, and a
    /// hot partition living on the table's spare capacity owes little. Admitted on the bank (a
    /// burst): the bank alone, debt included. The hard cap and the node always.
    /// </summary>
    private void Debit(TableAdmission table, PartitionCapacity? partition, bool onPartitionBank, double readUnits, double writeUnits)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (readUnits <= 0 && writeUnits <= 0)
        {
            return;
        }

        var now = Now;
        if (readUnits > 0)
        {
            Debit(table, partition, onPartitionBank, CapacityKind.Read, readUnits, now);
        }

        if (writeUnits > 0)
        {
            Debit(table, partition, onPartitionBank, CapacityKind.Write, writeUnits, now);
        }
    }

    private void Debit(TableAdmission table, PartitionCapacity? partition, bool onPartitionBank, CapacityKind kind, double units, double now)
    {
        var tableLane = table.Lane(kind);
        var overdraft = 0.0;
        if (!onPartitionBank)
        {
            overdraft = units - tableLane.Gate.TakeAvailable(now, units);
            if (overdraft > 0)
            {
                tableLane.Gate.Take(now, overdraft);
            }
        }

        tableLane.AddConsumed(units);
        Node.Lane(kind).Take(now, units);
        var provisioned = table.Mode == CapacityMode.Provisioned;
        if (partition is not null)
        {
            Charge(partition.Lane(kind), units, overdraft, provisioned, onPartitionBank, now);
            return;
        }

        var partitions = table.PartitionArray;
        var share = units / partitions.Length;
        var overdraftShare = overdraft / partitions.Length;
        foreach (var each in partitions)
        {
            Charge(each.Lane(kind), share, overdraftShare, provisioned, onPartitionBank, now);
        }
    }

    private static void Charge(PartitionLane lane, double units, double overdraft, bool provisioned, bool onPartitionBank, double now)
    {
        lane.Cap.Take(now, units);
        lane.AddConsumed(units);
        if (!provisioned)
        {
            return;
        }

        if (onPartitionBank)
        {
            lane.Burst.Take(now, units);
            return;
        }

        // What the table bucket could not pay is owed by the partition too: it may not burst again
        // before repaying it. The rest, within the table's rate, only stops the bank from filling.
        if (overdraft > 0)
        {
            lane.Burst.Take(now, overdraft);
        }

        lane.Burst.TakeDownTo(now, units - overdraft, -lane.Burst.Rate);
    }

    private static AdmissionDecision Throttle(TableLane tableLane, PartitionLane? lane, CapacityMode mode, PartitionCapacity? partition, ThrottleReason reason)
    {
        tableLane.AddThrottled();
        lane?.AddThrottled();
        return new AdmissionDecision(reason, mode, partition, OnPartitionBank: false);
    }

    private ThrottleReason TableLimit(TableAdmission table, CapacityKind kind, CapacityMode mode)
    {
        if (mode == CapacityMode.Provisioned)
        {
            return ThrottleReasons.Provisioned(kind);
        }

        return table.Lane(kind).Allowance >= Options.OnDemandTableMax(kind) ? ThrottleReasons.AccountLimit(kind) : ThrottleReasons.KeyRange(kind);
    }
}
