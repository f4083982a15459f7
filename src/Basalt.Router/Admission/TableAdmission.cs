using Basalt.Router.Gac;

namespace Basalt.Router.Admission;

/// <summary>
/// Admission state of one table at this router: its settings, a table-level bucket per kind of
/// capacity refilled from GAC every few seconds, and the table's partitions with their buckets.
/// Settings changes (UpdateTable) apply on the next request; partitions only ever split.
/// </summary>
public sealed class TableAdmission
{
    private readonly AdmissionController _owner;
    private readonly Lock _configure = new();
    private volatile TableSettingsBox _settings;
    private volatile PartitionCapacity[] _partitions;
    private double _maxProvisionedRead;
    private double _maxProvisionedWrite;
    private double _nextRefresh;
    private double _lastReport;
    private int _refreshing;

    internal TableAdmission(AdmissionController owner, ulong id, string region, string name, TableSettings settings, double now)
    {
        _owner = owner;
        Id = id;
        Region = region;
        Name = name;
        _settings = new TableSettingsBox(settings);
        Remember(settings);
        var options = owner.Options;
        Read = new TableLane(NominalAllowance(settings, CapacityKind.Read), settings.Mode, options, now);
        Write = new TableLane(NominalAllowance(settings, CapacityKind.Write), settings.Mode, options, now);
        _partitions = NewPartitions(PartitionLayout.CountFor(Read.Allowance, Write.Allowance, options));
        _nextRefresh = now;
        _lastReport = now;
    }

    public ulong Id { get; }

    public string Region { get; }

    public string Name { get; }

    public TableSettings Settings => _settings.Value;

    public CapacityMode Mode => _settings.Value.Mode;

    public TableLane Read { get; }

    public TableLane Write { get; }

    /// <summary>The table's partitions in hash order (replaced by a larger array when they split).</summary>
    public IReadOnlyList<PartitionCapacity> Partitions => _partitions;

    internal PartitionCapacity[] PartitionArray => _partitions;

    public TableLane Lane(CapacityKind kind) => kind == CapacityKind.Read ? Read : Write;

    internal bool Has(in TableSettings settings) => _settings.Value == settings;

    /// <summary>Applies new settings at once: new allowance, re-shared partitions, a GAC refresh on the next request.</summary>
    internal void Configure(TableSettings settings, double now)
    {
        lock (_configure)
        {
            if (Has(settings))
            {
                return;
            }

            var switched = settings.Mode != _settings.Value.Mode;
            Remember(settings);
            _settings = new TableSettingsBox(settings);
            var options = _owner.Options;
            var read = NominalAllowance(settings, CapacityKind.Read);
            var write = NominalAllowance(settings, CapacityKind.Write);
            Read.Apply(read, read, settings.Mode, options, now);
            Write.Apply(write, write, settings.Mode, options, now);
            if (switched)
            {
                // A billing-mode switch gives the table its new capacity at once, without the old mode's debt.
                Read.Gate.Reset(now, Read.Gate.Capacity);
                Write.Gate.Reset(now, Write.Gate.Capacity);
            }

            Resize(now);
            Volatile.Write(ref _nextRefresh, now);
        }
    }

    /// <summary>Reports to GAC and applies its grant when a period has passed; one caller at a time, never blocks.</summary>
    internal void RefreshIfDue(double now)
    {
        if (now < Volatile.Read(ref _nextRefresh) || Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        ValueTask<CapacityGrant> pending;
        try
        {
            var settings = _settings.Value;
            var elapsed = now - _lastReport;
            _lastReport = now;
            var (readConsumed, readThrottled) = Read.TakeReport();
            var (writeConsumed, writeThrottled) = Write.TakeReport();
            var request = new CapacityRequest(
                Id,
                _owner.RouterId,
                settings.Mode,
                GacUnits(settings, CapacityKind.Read),
                GacUnits(settings, CapacityKind.Write),
                readConsumed,
                writeConsumed,
                readThrottled,
                writeThrottled,
                elapsed);
            Volatile.Write(ref _nextRefresh, now + _owner.Options.GacRefreshInterval.TotalSeconds);
            pending = _owner.Gac.RequestAsync(request);
        }
        catch
        {
            Volatile.Write(ref _refreshing, 0);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Apply(pending.Result, now);
            Volatile.Write(ref _refreshing, 0);
        }
        else
        {
            _ = AwaitGrantAsync(pending);
        }
    }

    private async Task AwaitGrantAsync(ValueTask<CapacityGrant> pending)
    {
        try
        {
            var grant = await pending.ConfigureAwait(false);
            Apply(grant, _owner.Now);
        }
#pragma warning disable CA1031 // GAC unreachable: keep the current rates and ask again next period (its state is ephemeral).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private void Apply(CapacityGrant grant, double now)
    {
        lock (_configure)
        {
            var options = _owner.Options;
            var mode = _settings.Value.Mode;
            Read.Apply(grant.TableReadRate, grant.ReadRate, mode, options, now);
            Write.Apply(grant.TableWriteRate, grant.WriteRate, mode, options, now);
            Resize(now);
        }
    }

    /// <summary>Splits to the partition count the allowance needs (never merges) and re-shares the burst buckets.</summary>
    private void Resize(double now)
    {
        var options = _owner.Options;
        var current = _partitions;
        var needed = PartitionLayout.CountFor(Read.Allowance, Write.Allowance, options);
        if (needed > current.Length)
        {
            var split = NewPartitions(needed);
            Inherit(split, current, now);
            _partitions = current = split;
        }

        foreach (var partition in current)
        {
            partition.Read.Reshare(Read.Allowance / current.Length, options, now);
            partition.Write.Reshare(Write.Allowance / current.Length, options, now);
        }
    }

    /// <summary>
    /// A split's partitions carry on the hard-cap balance of the partition their range came from,
    /// so splitting never lets a hot key exceed its cap.
    /// </summary>
    private static void Inherit(PartitionCapacity[] split, PartitionCapacity[] parents, double now)
    {
        for (var i = 0; i < split.Length; i++)
        {
            var start = (ulong)(((UInt128)(ulong)i << 64) / (uint)split.Length);
            var parent = parents[PartitionLayout.IndexOf(start, parents.Length)];
            split[i].Read.Cap.Reset(now, parent.Read.Cap.Balance(now));
            split[i].Write.Cap.Reset(now, parent.Write.Cap.Balance(now));
        }
    }

    private PartitionCapacity[] NewPartitions(int count) =>
        _owner.Storage.Partitions(Id, count, Read.Allowance / count, Write.Allowance / count);

    private void Remember(TableSettings settings)
    {
        if (settings.Mode == CapacityMode.Provisioned)
        {
            _maxProvisionedRead = Math.Max(_maxProvisionedRead, settings.ReadUnits);
            _maxProvisionedWrite = Math.Max(_maxProvisionedWrite, settings.WriteUnits);
        }
    }

    /// <summary>
    /// What GAC is told: provisioned units, or for on-demand the previous peak to start from — half
    /// the initial on-demand throughput, or half the most ever provisioned, whichever is higher.
    /// </summary>
    private double GacUnits(TableSettings settings, CapacityKind kind) => settings.Mode == CapacityMode.Provisioned
        ? settings.Units(kind)
        : Math.Max(_owner.Options.OnDemandInitial(kind), kind == CapacityKind.Read ? _maxProvisionedRead : _maxProvisionedWrite) / 2;

    /// <summary>The allowance before GAC answers: the provisioned rate, or twice the starting on-demand peak.</summary>
    private double NominalAllowance(TableSettings settings, CapacityKind kind) => settings.Mode == CapacityMode.Provisioned
        ? settings.Units(kind)
        : Math.Min(2 * GacUnits(settings, kind), _owner.Options.OnDemandTableMax(kind));

    private sealed class TableSettingsBox(TableSettings value)
    {
        public TableSettings Value { get; } = value;
    }
}
