namespace Basalt.Api.Admission;

/// <summary>
/// DynamoDB's limit on switching a table from provisioned to on-demand: four times in a rolling
/// 24 hours (back to provisioned at any time). The switch times are part of the table definition
/// (<see cref="Tables.TableDefinition.OnDemandSwitches"/>), so the limit survives a restart.
/// </summary>
public static class BillingModeSwitches
{
    public const int MaxSwitchesToOnDemand = 4;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
}
