namespace Basalt.Router.Admission;

/// <summary>A table's capacity configuration as the catalog has it (units per second; zero when on-demand).</summary>
public readonly record struct TableSettings(CapacityMode Mode, double ReadUnits, double WriteUnits)
{
    public static TableSettings Provisioned(double readUnits, double writeUnits) => new(CapacityMode.Provisioned, readUnits, writeUnits);

    public static TableSettings OnDemand() => new(CapacityMode.OnDemand, 0, 0);

    public double Units(CapacityKind kind) => kind == CapacityKind.Read ? ReadUnits : WriteUnits;
}
