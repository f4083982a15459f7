using Basalt.Api.Items;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Api.Indexes;

/// <summary>
/// Compares every active secondary index with its base table: each item with index keys must have
/// exactly its projected entry, and no entry may exist without its item. Used by
/// <c>basalt check</c> and by the crash tests.
/// </summary>
public static class IndexChecker
{
    /// <summary>Returns one line per difference (empty: every index equals its table).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(TableCatalog catalog, ItemStore items)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(items);
        var problems = new List<string>();
        foreach (var table in catalog.All)
        {
            // Storage caught up with every partition's leader (a replica may trail after a crash).
            var view = await items.ReadViewAsync(table, consistent: true).ConfigureAwait(false);
            foreach (var index in table.LocalIndexes.Concat(table.GlobalIndexes).Where(i => i.Status == "ACTIVE"))
            {
                CheckIndex(table, index, view, problems);
            }
        }

        return problems;
    }

    private static void CheckIndex(TableDefinition table, IndexDefinition index, IStorageEngine view, List<string> problems)
    {
        var expected = new Dictionary<byte[], Item>(ByteArrayComparer.Instance);
        var tablePrefix = KeyCodec.EncodeTablePrefix(table.Id);
        using (var cursor = view.OpenCursor(ColumnFamily.Data, tablePrefix, KeyRanges.PrefixEnd(tablePrefix), reverse: false))
        {
            while (cursor.MoveNext())
            {
                var item = ItemCodec.Decode(cursor.Value, out _);
                byte[]? entry;
                try
                {
                    entry = IndexEntries.KeyOf(index, item, cursor.Key.ToArray());
                }
                catch (ValidationException)
                {
                    continue;
                }

                if (entry is not null)
                {
                    expected[entry] = IndexEntries.Project(index, table, item);
                }
            }
        }

        var indexPrefix = KeyCodec.EncodeTablePrefix(index.Id);
        using (var cursor = view.OpenCursor(ColumnFamily.Data, indexPrefix, KeyRanges.PrefixEnd(indexPrefix), reverse: false))
        {
            while (cursor.MoveNext())
            {
                var key = cursor.Key.ToArray();
                var actual = ItemCodec.Decode(cursor.Value, out _);
                if (!expected.Remove(key, out var wanted))
                {
                    problems.Add($"{table.Name}/{index.Name}: entry without an item: {Describe(actual)}");
                }
                else if (!Same(wanted, actual))
                {
                    problems.Add($"{table.Name}/{index.Name}: stale entry {Describe(actual)}, item has {Describe(wanted)}");
                }
            }
        }

        foreach (var missing in expected.Values)
        {
            problems.Add($"{table.Name}/{index.Name}: item missing from the index: {Describe(missing)}");
        }
    }

    private static bool Same(Item a, Item b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && AttributeValueEquality.AreEqual(kv.Value, other));

    private static string Describe(Item item) => "{" + string.Join(", ", item.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)) + "}";
}
