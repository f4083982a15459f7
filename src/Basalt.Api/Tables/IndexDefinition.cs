using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>Which attributes a secondary index carries besides the keys.</summary>
public enum ProjectionKind
{
    KEYS_ONLY,
    INCLUDE,
    ALL,
}

/// <summary>
/// A local or global secondary index. <see cref="Id"/> is the internal id that prefixes its
/// entries in the data column family (allocated like table ids, never reused).
/// </summary>
public sealed record IndexDefinition
{
    public required string Name { get; init; }

    public required ulong Id { get; init; }

    public required bool IsGlobal { get; init; }

    public required KeyAttribute PartitionKey { get; init; }

    public KeyAttribute? SortKey { get; init; }

    public required ProjectionKind Projection { get; init; }

    public IReadOnlyList<string> NonKeyAttributes { get; init; } = [];

    /// <summary>CREATING (backfilling), ACTIVE or DELETING, for global indexes.</summary>
    public string Status { get; init; } = "ACTIVE";

    public long ReadCapacityUnits { get; init; }

    public long WriteCapacityUnits { get; init; }

    public bool IsKeyAttribute(string name) =>
        string.Equals(name, PartitionKey.Name, StringComparison.Ordinal)
        || (SortKey is not null && string.Equals(name, SortKey.Name, StringComparison.Ordinal));

    /// <summary>The key kind of an attribute of this index's key schema, if it is one.</summary>
    public AttributeKind? KeyKind(string name) =>
        string.Equals(name, PartitionKey.Name, StringComparison.Ordinal) ? PartitionKey.Kind
        : SortKey is not null && string.Equals(name, SortKey.Name, StringComparison.Ordinal) ? SortKey.Kind
        : null;
}
