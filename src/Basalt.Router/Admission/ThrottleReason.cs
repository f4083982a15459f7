namespace Basalt.Router.Admission;

/// <summary>
/// Why a request was throttled, named as DynamoDB's ThrottlingReason.reason is
/// (<c>ResourceType + OperationType + LimitType</c>); <see cref="None"/> means admitted.
/// </summary>
public enum ThrottleReason : byte
{
    None = 0,

    /// <summary>Provisioned mode: the table's read capacity (and its burst) is used up.</summary>
    TableReadProvisionedThroughputExceeded,

    /// <summary>Provisioned mode: the table's write capacity (and its burst) is used up.</summary>
    TableWriteProvisionedThroughputExceeded,

    /// <summary>A partition reached its hard read cap (3,000 RCU/s), or on-demand capacity has not followed yet.</summary>
    TableReadKeyRangeThroughputExceeded,

    /// <summary>A partition reached its hard write cap (1,000 WCU/s), or on-demand capacity has not followed yet.</summary>
    TableWriteKeyRangeThroughputExceeded,

    /// <summary>On-demand mode: the per-table read quota of the account is reached.</summary>
    TableReadAccountLimitExceeded,

    /// <summary>On-demand mode: the per-table write quota of the account is reached.</summary>
    TableWriteAccountLimitExceeded,
}

/// <summary>Wire names of <see cref="ThrottleReason"/>, without allocating.</summary>
public static class ThrottleReasons
{
    private static readonly string[] Names = Enum.GetNames<ThrottleReason>();

    /// <summary>The reason string DynamoDB puts in ThrottlingReasons[].reason.</summary>
    public static string WireName(this ThrottleReason reason) => Names[(int)reason];

    internal static ThrottleReason Provisioned(CapacityKind kind) =>
        kind == CapacityKind.Read ? ThrottleReason.TableReadProvisionedThroughputExceeded : ThrottleReason.TableWriteProvisionedThroughputExceeded;

    internal static ThrottleReason KeyRange(CapacityKind kind) =>
        kind == CapacityKind.Read ? ThrottleReason.TableReadKeyRangeThroughputExceeded : ThrottleReason.TableWriteKeyRangeThroughputExceeded;

    internal static ThrottleReason AccountLimit(CapacityKind kind) =>
        kind == CapacityKind.Read ? ThrottleReason.TableReadAccountLimitExceeded : ThrottleReason.TableWriteAccountLimitExceeded;
}
