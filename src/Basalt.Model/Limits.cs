namespace Basalt.Model;

/// <summary>DynamoDB's fixed limits.</summary>
public static class Limits
{
    /// <summary>Largest item, by DynamoDB's size rules (400 KB; an item of exactly this size is accepted).</summary>
    public const int MaxItemSizeBytes = 409600;

    /// <summary>Largest partition key value, in bytes.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    /// <summary>Largest sort key value, in bytes.</summary>
    public const int MaxSortKeyBytes = 1024;

    /// <summary>Deepest nesting of a document value (the attribute itself is level 1).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most significant digits of a number.</summary>
    public const int MaxNumberDigits = DynamoNumber.MaxDigits;

    /// <summary>Largest expression (ConditionExpression, UpdateExpression, …), in characters.</summary>
    public const int MaxExpressionLength = 4096;

    /// <summary>Longest attribute name, in UTF-8 bytes (key attributes and index key names).</summary>
    public const int MaxKeyAttributeNameBytes = 255;

    /// <summary>Longest attribute name that is not a key attribute, in UTF-8 bytes.</summary>
    public const int MaxAttributeNameBytes = 65535;

    /// <summary>Most items a BatchGetItem may request.</summary>
    public const int MaxBatchGetItems = 100;

    /// <summary>Most put/delete requests in one BatchWriteItem.</summary>
    public const int MaxBatchWriteItems = 25;

    /// <summary>Most actions in one TransactWriteItems / TransactGetItems.</summary>
    public const int MaxTransactionItems = 100;

    /// <summary>Largest total request size of a transaction, in bytes.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Most data a Query or Scan reads per page before it stops and returns LastEvaluatedKey.</summary>
    public const int MaxQueryPageBytes = 1024 * 1024;

    /// <summary>Largest BatchGetItem response, in bytes.</summary>
    public const int MaxBatchGetResponseBytes = 16 * 1024 * 1024;

    /// <summary>Most segments of a parallel Scan.</summary>
    public const int MaxScanSegments = 1000000;

    /// <summary>Most global secondary indexes per table.</summary>
    public const int MaxGlobalSecondaryIndexes = 20;

    /// <summary>Most local secondary indexes per table.</summary>
    public const int MaxLocalSecondaryIndexes = 5;

    /// <summary>Most projected non-key attributes across all indexes of a table.</summary>
    public const int MaxProjectedAttributes = 100;

    /// <summary>Largest item collection of a table with local secondary indexes (10 GB).</summary>
    public const long MaxItemCollectionBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>Table name length bounds.</summary>
    public const int MinTableNameLength = 3;

    public const int MaxTableNameLength = 255;
}
