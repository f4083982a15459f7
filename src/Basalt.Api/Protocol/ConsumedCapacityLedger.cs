namespace Basalt.Api.Protocol;

/// <summary>
/// The capacity one request consumed, per table, whether or not the client asked to see it:
/// operations record here what they charge, and admission control (token buckets) reads it
/// after the operation to debit the buckets.
/// </summary>
public sealed class ConsumedCapacityLedger
{
    private List<(string Table, double ReadUnits, double WriteUnits)>? _entries;

    public IReadOnlyList<(string Table, double ReadUnits, double WriteUnits)> Entries =>
        (IReadOnlyList<(string, double, double)>?)_entries ?? [];

    public void Record(string table, double units, bool isRead)
    {
        (_entries ??= []).Add(isRead ? (table, units, 0) : (table, 0, units));
    }
}
