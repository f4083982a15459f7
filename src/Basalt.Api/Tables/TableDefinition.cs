using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>
/// The catalog entry of one table. Immutable: UpdateTable produces a new one. Persisted in the
/// storage engine's meta column family as versioned JSON (see <see cref="TableDefinitionCodec"/>).
/// </summary>
public sealed record TableDefinition
{
    public required string Region { get; init; }

    public required string Name { get; init; }

    /// <summary>Internal numeric id: the prefix of every item key of this table. Never reused.</summary>
    public required ulong Id { get; init; }

    /// <summary>The TableId DynamoDB reports (a UUID).</summary>
    public required string Uuid { get; init; }

    public required DateTimeOffset CreationDateTime { get; init; }

    public required KeyAttribute PartitionKey { get; init; }

    public KeyAttribute? SortKey { get; init; }

    /// <summary>AttributeDefinitions as given (name → type).</summary>
    public required IReadOnlyList<KeyAttribute> AttributeDefinitions { get; init; }

    public required BillingMode BillingMode { get; init; }

    public long ReadCapacityUnits { get; init; }

    public long WriteCapacityUnits { get; init; }

    public DateTimeOffset? LastIncreaseDateTime { get; init; }

    public DateTimeOffset? LastDecreaseDateTime { get; init; }

    public int NumberOfDecreasesToday { get; init; }

    public DateTimeOffset? LastBillingModeUpdate { get; init; }

    /// <summary>When the table was switched from provisioned to on-demand in the last 24 hours (DynamoDB allows four).</summary>
    public IReadOnlyList<DateTimeOffset> OnDemandSwitches { get; init; } = [];

    public bool DeletionProtectionEnabled { get; init; }

    /// <summary>How many partitions (Raft groups) the table's key space is split into, by ranges of the partition-key hash.</summary>
    public int PartitionCount { get; init; } = 1;

    public string TableClass { get; init; } = "STANDARD";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Local secondary indexes (fixed at CreateTable).</summary>
    public IReadOnlyList<IndexDefinition> LocalIndexes { get; init; } = [];

    /// <summary>Global secondary indexes.</summary>
    public IReadOnlyList<IndexDefinition> GlobalIndexes { get; init; } = [];

    /// <summary>The stream setting; null when streams were never enabled.</summary>
    public StreamSettings? Stream { get; init; }

    /// <summary>The time-to-live setting; null when never set.</summary>
    public TimeToLiveSettings? TimeToLive { get; init; }

    public string StreamArn(StreamSettings stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"{Arn}/stream/{stream.Label}";
    }

    public IndexDefinition? FindIndex(string name)
    {
        foreach (var index in LocalIndexes)
        {
            if (string.Equals(index.Name, name, StringComparison.Ordinal))
            {
                return index;
            }
        }

        foreach (var index in GlobalIndexes)
        {
            if (string.Equals(index.Name, name, StringComparison.Ordinal))
            {
                return index;
            }
        }

        return null;
    }

    public string Arn => $"arn:aws:dynamodb:{Region}:{TableCatalog.AccountId}:table/{Name}";

    public bool IsKeyAttribute(string name) =>
        string.Equals(name, PartitionKey.Name, StringComparison.Ordinal)
        || (SortKey is not null && string.Equals(name, SortKey.Name, StringComparison.Ordinal));
}

/// <summary>Billing modes, by their wire names.</summary>
public enum BillingMode
{
    PROVISIONED,
    PAY_PER_REQUEST,
}
