using Basalt.Api.Tables;
using Basalt.Router.Admission;

namespace Basalt.Api.Admission;

/// <summary>
/// What admission control decided for one request: nothing to check (no table), admitted on a
/// table's buckets, or throttled — with the table whose limit was hit, for the error's
/// ThrottlingReasons.
/// </summary>
public readonly record struct AdmissionTicket(TableAdmission? Table, AdmissionDecision Decision, TableDefinition? Definition)
{
    public bool Throttled => !Decision.Admitted && Definition is not null;
}
