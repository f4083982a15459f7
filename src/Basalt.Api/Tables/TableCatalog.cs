using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>
/// The table catalog operations work on: definitions by (region, name). <see cref="LocalTableCatalog"/>
/// keeps it in the server's own storage (<c>basalt serve</c>); in cluster mode it is a mirror of the
/// metadata service's map whose changes go to the meta group (<see cref="Cluster.ClusterTableCatalog"/>).
/// </summary>
public abstract class TableCatalog
{
    public const string AccountId = "000000000000";

    public abstract TableDefinition? Find(string region, string name);

    /// <summary>The table, or DynamoDB's ResourceNotFoundException.</summary>
    public TableDefinition Get(string region, string name) =>
        Find(region, name) ?? throw NotFound(name);

    /// <summary>The table an item operation names; DynamoDB's item operations say only "Requested resource not found".</summary>
    public TableDefinition GetForItems(string region, string name) =>
        Find(region, name) ?? throw new DynamoDbException("ResourceNotFoundException", "Requested resource not found");

    public IReadOnlyList<TableDefinition> List(string region)
    {
        var result = new List<TableDefinition>();
        foreach (var table in All)
        {
            if (string.Equals(table.Region, region, StringComparison.Ordinal))
            {
                result.Add(table);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public abstract IEnumerable<TableDefinition> All { get; }

    /// <summary>The TableStatus DescribeTable reports (ACTIVE unless the catalog knows the table is not serving yet).</summary>
    public virtual string StatusOf(TableDefinition table) => "ACTIVE";

    /// <summary>
    /// Creates a table; the factory draws fresh ids (table, indexes) from the allocator it is
    /// given. Fails with ResourceInUseException if the name is taken.
    /// </summary>
    public abstract ValueTask<TableDefinition> CreateAsync(string region, string name, Func<Func<ulong>, TableDefinition> factory);

    /// <summary>Replaces a table's definition (UpdateTable, TagResource...); the change may draw fresh ids.</summary>
    public ValueTask<TableDefinition> UpdateAsync(string region, string name, Func<TableDefinition, TableDefinition> change) =>
        UpdateAsync(region, name, (table, _) => change(table));

    /// <summary>Replaces a table's definition; the change may draw fresh ids (new indexes) from the allocator.</summary>
    public abstract ValueTask<TableDefinition> UpdateAsync(string region, string name, Func<TableDefinition, Func<ulong>, TableDefinition> change);

    /// <summary>Removes a table from the catalog (its items are purged in the background).</summary>
    public abstract ValueTask<TableDefinition> DeleteAsync(string region, string name, Action<TableDefinition>? check = null);

    /// <summary>Ids of deleted tables whose items may still be on disk (and this catalog purges).</summary>
    public abstract IReadOnlyList<ulong> PendingPurges();

    public abstract ValueTask CompletePurgeAsync(ulong tableId);

    public static DynamoDbException NotFound(string name) =>
        new("ResourceNotFoundException", $"Requested resource not found: Table: {name} not found");
}
