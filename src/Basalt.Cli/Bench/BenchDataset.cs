namespace Basalt.Cli.Bench;

/// <summary>
/// The items the benchmark reads and writes, and the JSON bodies of its requests. Item i has
/// partition key "p" + (i / ItemsPerPartition) in 10 digits and sort key "s" + (i % ItemsPerPartition)
/// in 4 digits, plus a "payload" string sized so that the item is <c>ItemSize</c> bytes by
/// DynamoDB's rules (names plus values); a Query reads one whole partition.
/// </summary>
internal sealed class BenchDataset
{
    /// <summary>Bytes of an item that are not payload: "pk" + 11, "sk" + 5, "payload".</summary>
    public const int KeyOverhead = 2 + 11 + 2 + 5 + 7;

    public const int MaxItemsPerPartition = 10_000;
    public const int UpdateFieldSize = 100;

    private readonly byte[] _tableJson;
    private readonly byte[] _payload;
    private readonly byte[] _updateValue;

    public BenchDataset(string table, long items, int itemSize, int itemsPerPartition, int scanLimit, ulong seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemsPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(itemsPerPartition, MaxItemsPerPartition);
        ArgumentOutOfRangeException.ThrowIfLessThan(scanLimit, 1);
        foreach (var c in table)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw new ArgumentException("table names may contain only a-z, A-Z, 0-9, '_', '-' and '.'", nameof(table));
            }
        }

        Table = table;
        Items = items;
        ItemSize = Math.Max(itemSize, KeyOverhead + 1);
        ItemsPerPartition = itemsPerPartition;
        ScanLimit = scanLimit;
        _tableJson = System.Text.Encoding.ASCII.GetBytes("\"" + table + "\"");
        _payload = Letters(ItemSize - KeyOverhead, seed);
        _updateValue = Letters(Math.Min(UpdateFieldSize, _payload.Length), seed + 1);
    }

    public string Table { get; }

    public long Items { get; }

    public int ItemSize { get; }

    public int ItemsPerPartition { get; }

    public int ScanLimit { get; }

    public long Partitions => (Items + ItemsPerPartition - 1) / ItemsPerPartition;

    /// <summary>An upper bound of the body size of any single-item request.</summary>
    public int MaxBodySize => _payload.Length + _tableJson.Length + 512;

    /// <summary>The body size of a BatchWriteItem of <paramref name="count"/> items.</summary>
    public int BatchBodySize(int count) => _tableJson.Length + 64 + count * (_payload.Length + 160);

    /// <summary>How many keys a workload operation chooses among.</summary>
    public long KeySpace(OperationKind operation) => operation == OperationKind.Query ? Partitions : Items;

    public static ReadOnlySpan<byte> OperationName(OperationKind operation) => operation switch
    {
        OperationKind.Put => "PutItem"u8,
        OperationKind.Get => "GetItem"u8,
        OperationKind.Update => "UpdateItem"u8,
        OperationKind.Query => "Query"u8,
        OperationKind.Scan => "Scan"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>Writes the request body of <paramref name="operation"/> on key (or partition) <paramref name="index"/>.</summary>
    public int WriteBody(OperationKind operation, long index, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        writer.Write("{\"TableName\":"u8);
        writer.Write(_tableJson);
        switch (operation)
        {
            case OperationKind.Put:
                writer.Write(",\"Item\":"u8);
                WriteItem(ref writer, index);
                break;
            case OperationKind.Get:
                writer.Write(",\"Key\":"u8);
                WriteKey(ref writer, index);
                break;
            case OperationKind.Update:
                writer.Write(",\"Key\":"u8);
                WriteKey(ref writer, index);
                writer.Write(",\"UpdateExpression\":\"SET #f = :f ADD #c :one\",\"ExpressionAttributeNames\":{\"#f\":\"field0\",\"#c\":\"counter\"},\"ExpressionAttributeValues\":{\":f\":{\"S\":\""u8);
                writer.Write(_updateValue);
                writer.Write("\"},\":one\":{\"N\":\"1\"}}"u8);
                break;
            case OperationKind.Query:
                writer.Write(",\"KeyConditionExpression\":\"#p = :p\",\"ExpressionAttributeNames\":{\"#p\":\"pk\"},\"ExpressionAttributeValues\":{\":p\":{\"S\":\""u8);
                WritePartitionKey(ref writer, index);
                writer.Write("\"}}"u8);
                break;
            case OperationKind.Scan:
                writer.Write(",\"Limit\":"u8);
                writer.WriteInt64(ScanLimit);
                writer.Write(",\"ExclusiveStartKey\":"u8);
                WriteKey(ref writer, index);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation));
        }

        writer.Write((byte)'}');
        return writer.Position;
    }

    /// <summary>Writes a BatchWriteItem body putting items [first, first + count).</summary>
    public int WriteBatchPut(long first, int count, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        writer.Write("{\"RequestItems\":{"u8);
        writer.Write(_tableJson);
        writer.Write(":["u8);
        for (var i = 0; i < count; i++)
        {
            writer.Write(i == 0 ? "{\"PutRequest\":{\"Item\":"u8 : ",{\"PutRequest\":{\"Item\":"u8);
            WriteItem(ref writer, first + i);
            writer.Write("}}"u8);
        }

        writer.Write("]}}"u8);
        return writer.Position;
    }

    /// <summary>The CreateTable body: pk (S) hash key, sk (S) range key, on-demand billing.</summary>
    public byte[] CreateTableBody() => System.Text.Encoding.ASCII.GetBytes(
        "{\"TableName\":\"" + Table + "\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},"
        + "{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
        + "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}");

    public byte[] TableNameBody() => System.Text.Encoding.ASCII.GetBytes("{\"TableName\":\"" + Table + "\"}");

    private void WriteItem(ref SpanWriter writer, long index)
    {
        writer.Write("{\"pk\":{\"S\":\""u8);
        WritePartitionKey(ref writer, index / ItemsPerPartition);
        writer.Write("\"},\"sk\":{\"S\":\""u8);
        WriteSortKey(ref writer, index % ItemsPerPartition);
        writer.Write("\"},\"payload\":{\"S\":\""u8);
        writer.Write(_payload);
        writer.Write("\"}}"u8);
    }

    private void WriteKey(ref SpanWriter writer, long index)
    {
        writer.Write("{\"pk\":{\"S\":\""u8);
        WritePartitionKey(ref writer, index / ItemsPerPartition);
        writer.Write("\"},\"sk\":{\"S\":\""u8);
        WriteSortKey(ref writer, index % ItemsPerPartition);
        writer.Write("\"}}"u8);
    }

    private static void WritePartitionKey(ref SpanWriter writer, long partition)
    {
        writer.Write((byte)'p');
        writer.WritePadded(partition, 10);
    }

    private static void WriteSortKey(ref SpanWriter writer, long sort)
    {
        writer.Write((byte)'s');
        writer.WritePadded(sort, 4);
    }

    private static byte[] Letters(int length, ulong seed)
    {
        var random = new FastRandom(seed);
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('a' + random.NextInt64(26));
        }

        return bytes;
    }
}
