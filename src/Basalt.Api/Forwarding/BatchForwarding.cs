using System.Buffers.Binary;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Metadata.Model;
using Basalt.Model;
using Basalt.Protocol.Items.V1;

namespace Basalt.Api.Forwarding;

/// <summary>
/// BatchGetItem and BatchWriteItem at the router: the keys (the Api's key code) are grouped by the
/// partition owning them, each partition's share is sent to its leader as a well-formed request of
/// the same operation, and the answers are merged. A share that fails with a retryable error (500,
/// throttling) comes back as unprocessed entries, as DynamoDB does; any other error from a share is
/// the answer. A batch the router cannot split (invalid, too large, a table MemDS does not know) is
/// forwarded whole to any node, which answers with DynamoDB's error.
/// </summary>
public abstract class BatchForwarding(RequestForwarder forwarder) : IOperation
{
    public abstract string Name { get; }

    /// <summary>The most entries a request may hold (the node checks the exact rules; above this the router does not split).</summary>
    protected abstract int MaxEntries { get; }

    /// <summary>The member of a request's answer holding what was left unprocessed.</summary>
    protected abstract string UnprocessedMember { get; }

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var shares = await SplitAsync(context).ConfigureAwait(false);
        if (shares is null || shares.Count <= 1)
        {
            var body = ForwardedJson.Raw(context.Body).ToArray();
            var reply = shares is { Count: 1 }
                ? await forwarder.ToKeyAsync(context, Name, shares[0].Table, shares[0].Partition.Range.Lo, body).ConfigureAwait(false)
                : await forwarder.ToAnyAsync(context, Name, body).ConfigureAwait(false);
            ForwardedJson.WriteMembers(response, reply);
            return;
        }

        var outcomes = await Task.WhenAll(shares.Select(share => SendAsync(context, share))).ConfigureAwait(false);
        var documents = outcomes.Where(o => o.Document is not null).Select(o => o.Document!).ToList();
        try
        {
            if (outcomes.FirstOrDefault(o => o.Error is not null && !IsRetryable(o.Error))?.Error is { } fatal)
            {
                throw fatal;
            }

            if (documents.Count == 0)
            {
                throw outcomes[0].Error!;
            }

            Merge(response, context, documents.Select(d => d.RootElement).ToList(), [.. outcomes.Where(o => o.Error is not null).Select(o => o.Share)]);
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    /// <summary>The share's entries of one table, as the request member of that table (for a share's request and for unprocessed entries).</summary>
    protected abstract void WriteTableEntries(Utf8JsonWriter w, JsonElement tableMember, IReadOnlyList<JsonElement> entries);

    /// <summary>The entries of one table's member and the item key of each (throws DynamoDbException when the router cannot read one).</summary>
    protected abstract IEnumerable<(JsonElement Entry, byte[] Key)> EntriesOf(JsonElement tableMember, ForwardedTable table);

    /// <summary>Writes the merged answer: the shares' answers, plus the failed shares' entries as unprocessed.</summary>
    protected abstract void Merge(Utf8JsonWriter w, RequestContext context, IReadOnlyList<JsonElement> answers, IReadOnlyList<Share> failed);

    private async Task<List<Share>?> SplitAsync(RequestContext context)
    {
        try
        {
            if (!context.Body.TryGetProperty("RequestItems", out var requestItems) || requestItems.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var shares = new Dictionary<ulong, Share>();
            var total = 0;
            foreach (var member in requestItems.EnumerateObject())
            {
                var table = await forwarder.FindTableAsync(context, member.Name).ConfigureAwait(false);
                if (table is null)
                {
                    return null;
                }

                foreach (var (entry, key) in EntriesOf(member.Value, table))
                {
                    if (++total > MaxEntries)
                    {
                        return null;
                    }

                    var partition = PartitionOf(table, BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(KeyCodec.TablePrefixLength)));
                    if (partition is null)
                    {
                        return null;
                    }

                    if (!shares.TryGetValue(partition.GroupId, out var share))
                    {
                        shares[partition.GroupId] = share = new Share(table, partition, member.Name, member.Value);
                    }

                    share.Entries.Add(entry);
                }
            }

            return total == 0 ? null : [.. shares.Values];
        }
        catch (Exception e) when (e is DynamoDbException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<Outcome> SendAsync(RequestContext context, Share share)
    {
        var body = ForwardedJson.Rewrite(context.Body, ["RequestItems"], w =>
        {
            w.WriteStartObject("RequestItems");
            w.WritePropertyName(share.TableName);
            WriteTableEntries(w, share.TableMember, share.Entries);
            w.WriteEndObject();
        });
        try
        {
            ExecuteReply reply = await forwarder.ToKeyAsync(context, Name, share.Table, share.Partition.Range.Lo, body).ConfigureAwait(false);
            return new Outcome(share, ForwardedJson.Parse(reply), null);
        }
        catch (DynamoDbException error)
        {
            return new Outcome(share, null, error);
        }
    }

    private static PartitionInfo? PartitionOf(ForwardedTable table, ulong hash)
    {
        foreach (var p in table.Partitions)
        {
            if (p.Range.Contains(hash))
            {
                return p;
            }
        }

        return null;
    }

    private static bool IsRetryable(DynamoDbException error) =>
        error.StatusCode >= 500 || error.ErrorCode is "ProvisionedThroughputExceededException" or "ThrottlingException" or "RequestLimitExceeded";

    /// <summary>Writes the ConsumedCapacity array summed per table over the shares' answers.</summary>
    protected static void WriteCapacity(Utf8JsonWriter w, JsonElement body, IReadOnlyList<JsonElement> answers)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(answers);
        var report = ConsumedCapacityWriter.Read(body, new ValidationErrors());
        if (report == CapacityReport.None)
        {
            return;
        }

        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            if (answer.TryGetProperty("ConsumedCapacity", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in list.EnumerateArray())
                {
                    var name = c.GetProperty("TableName").GetString()!;
                    sums[name] = sums.GetValueOrDefault(name) + c.GetProperty("CapacityUnits").GetDouble();
                }
            }
        }

        w.WriteStartArray("ConsumedCapacity");
        foreach (var (name, units) in sums)
        {
            ConsumedCapacityWriter.WriteObject(w, report, name, units);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes "<paramref name="member"/>": {table: ...} merging the shares' maps and the failed shares' entries.</summary>
    protected void WriteUnprocessed(Utf8JsonWriter w, IReadOnlyList<JsonElement> answers, IReadOnlyList<Share> failed, Func<JsonElement, IEnumerable<JsonElement>> entriesOf)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(entriesOf);
        var byTable = new Dictionary<string, (JsonElement Member, List<JsonElement> Entries)>(StringComparer.Ordinal);
        void Add(string table, JsonElement member, IEnumerable<JsonElement> entries)
        {
            if (!byTable.TryGetValue(table, out var slot))
            {
                byTable[table] = slot = (member, []);
            }

            slot.Entries.AddRange(entries);
        }

        foreach (var answer in answers)
        {
            if (answer.TryGetProperty(UnprocessedMember, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var table in map.EnumerateObject())
                {
                    Add(table.Name, table.Value, entriesOf(table.Value));
                }
            }
        }

        foreach (var share in failed)
        {
            Add(share.TableName, share.TableMember, share.Entries);
        }

        w.WriteStartObject(UnprocessedMember);
        foreach (var (table, (member, entries)) in byTable)
        {
            if (entries.Count != 0)
            {
                w.WritePropertyName(table);
                WriteTableEntries(w, member, entries);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>One partition's share of a batch: the entries of one table owned by one partition.</summary>
    protected sealed class Share(ForwardedTable table, PartitionInfo partition, string tableName, JsonElement tableMember)
    {
        public ForwardedTable Table { get; } = table;

        public PartitionInfo Partition { get; } = partition;

        public string TableName { get; } = tableName;

        public JsonElement TableMember { get; } = tableMember;

        public List<JsonElement> Entries { get; } = [];
    }

    private sealed record Outcome(Share Share, JsonDocument? Document, DynamoDbException? Error);
}

/// <summary>BatchWriteItem split by partition (<see cref="BatchForwarding"/>).</summary>
public sealed class BatchWriteForwarding(RequestForwarder forwarder) : BatchForwarding(forwarder)
{
    public override string Name => "BatchWriteItem";

    protected override int MaxEntries => 25;

    protected override string UnprocessedMember => "UnprocessedItems";

    protected override IEnumerable<(JsonElement Entry, byte[] Key)> EntriesOf(JsonElement tableMember, ForwardedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (tableMember.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationException("not a list");
        }

        foreach (var entry in tableMember.EnumerateArray())
        {
            var key = entry.TryGetProperty("PutRequest", out var put) && JsonParameters.GetItem(put, "Item") is { } item
                ? ItemKeys.FromItem(table.Definition, item, ItemKeys.SchemaMismatch)
                : entry.TryGetProperty("DeleteRequest", out var delete)
                    ? ItemKeys.FromKey(table.Definition, JsonParameters.GetItem(delete, "Key"))
                    : throw new ValidationException("no request");
            yield return (entry, key);
        }
    }

    protected override void WriteTableEntries(Utf8JsonWriter w, JsonElement tableMember, IReadOnlyList<JsonElement> entries)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(entries);
        w.WriteStartArray();
        foreach (var entry in entries)
        {
            entry.WriteTo(w);
        }

        w.WriteEndArray();
    }

    protected override void Merge(Utf8JsonWriter w, RequestContext context, IReadOnlyList<JsonElement> answers, IReadOnlyList<Share> failed)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answers);
        WriteUnprocessed(w, answers, failed, table => table.EnumerateArray());
        WriteCapacity(w, context.Body, answers);
        var metrics = answers.Where(a => a.TryGetProperty("ItemCollectionMetrics", out _)).ToList();
        if (metrics.Count != 0)
        {
            var byTable = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
            foreach (var answer in metrics)
            {
                foreach (var table in answer.GetProperty("ItemCollectionMetrics").EnumerateObject())
                {
                    if (!byTable.TryGetValue(table.Name, out var list))
                    {
                        byTable[table.Name] = list = [];
                    }

                    list.AddRange(table.Value.EnumerateArray());
                }
            }

            w.WriteStartObject("ItemCollectionMetrics");
            foreach (var (table, list) in byTable)
            {
                w.WriteStartArray(table);
                list.ForEach(m => m.WriteTo(w));
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }
    }
}

/// <summary>BatchGetItem split by partition (<see cref="BatchForwarding"/>).</summary>
public sealed class BatchGetForwarding(RequestForwarder forwarder) : BatchForwarding(forwarder)
{
    public override string Name => "BatchGetItem";

    protected override int MaxEntries => 100;

    protected override string UnprocessedMember => "UnprocessedKeys";

    protected override IEnumerable<(JsonElement Entry, byte[] Key)> EntriesOf(JsonElement tableMember, ForwardedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (tableMember.ValueKind != JsonValueKind.Object || !tableMember.TryGetProperty("Keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationException("no keys");
        }

        foreach (var key in keys.EnumerateArray())
        {
            yield return (key, ItemKeys.FromKey(table.Definition, AttributeValueJson.ReadItem(key)));
        }
    }

    protected override void WriteTableEntries(Utf8JsonWriter w, JsonElement tableMember, IReadOnlyList<JsonElement> entries)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(entries);
        w.WriteStartObject();
        foreach (var member in tableMember.EnumerateObject())
        {
            if (member.Name != "Keys")
            {
                member.WriteTo(w);
            }
        }

        w.WriteStartArray("Keys");
        foreach (var entry in entries)
        {
            entry.WriteTo(w);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    protected override void Merge(Utf8JsonWriter w, RequestContext context, IReadOnlyList<JsonElement> answers, IReadOnlyList<Share> failed)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answers);
        var responses = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            if (answer.TryGetProperty("Responses", out var map))
            {
                foreach (var table in map.EnumerateObject())
                {
                    if (!responses.TryGetValue(table.Name, out var list))
                    {
                        responses[table.Name] = list = [];
                    }

                    list.AddRange(table.Value.EnumerateArray());
                }
            }
        }

        w.WriteStartObject("Responses");
        foreach (var (table, items) in responses)
        {
            w.WriteStartArray(table);
            items.ForEach(i => i.WriteTo(w));
            w.WriteEndArray();
        }

        w.WriteEndObject();
        WriteUnprocessed(w, answers, failed, table => table.GetProperty("Keys").EnumerateArray());
        WriteCapacity(w, context.Body, answers);
    }
}
