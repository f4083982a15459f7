using Basalt.Api.Indexes;
using Basalt.Api.Replicas;
using Basalt.Api.Tables;
using Basalt.Model;
using Basalt.Partition;

namespace Basalt.Api.Tests.Replicas;

/// <summary>
/// A table partition's snapshot scope holds exactly the partition's keys: every item, local-index
/// entry and global-index entry lies in the ranges of one partition — the one that owns its base item.
/// </summary>
public class TableSnapshotScopeTests
{
    private static readonly TableDefinition Table = new()
    {
        Region = "eu-west-1",
        Name = "Orders",
        Id = 77,
        Uuid = "6f1c0f0e-5d5c-4d8e-9a43-9a5a4d8e1f00",
        CreationDateTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        PartitionKey = new KeyAttribute("pk", AttributeKind.B),
        SortKey = new KeyAttribute("sk", AttributeKind.S),
        AttributeDefinitions = [new KeyAttribute("pk", AttributeKind.B), new KeyAttribute("sk", AttributeKind.S), new KeyAttribute("g", AttributeKind.S), new KeyAttribute("h", AttributeKind.B)],
        BillingMode = BillingMode.PAY_PER_REQUEST,
        PartitionCount = 3,
        LocalIndexes = [Index("bySk2", 1001, global: false, new KeyAttribute("pk", AttributeKind.B), new KeyAttribute("g", AttributeKind.S))],
        GlobalIndexes =
        [
            Index("byG", 1002, global: true, new KeyAttribute("g", AttributeKind.S), null),
            Index("byGH", 1003, global: true, new KeyAttribute("g", AttributeKind.S), new KeyAttribute("h", AttributeKind.B)),
        ],
    };

    private static IndexDefinition Index(string name, ulong id, bool global, KeyAttribute pk, KeyAttribute? sk) => new()
    {
        Name = name, Id = id, IsGlobal = global, PartitionKey = pk, SortKey = sk, Projection = ProjectionKind.KEYS_ONLY,
    };

    /// <summary>Bytes with many zeros and ones (the escape and terminator bytes of delimited keys).</summary>
    private static byte[] Awkward(Random random)
    {
        var bytes = new byte[random.Next(1, 12)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(4) switch { 0 => 0x00, 1 => 0x01, 2 => 0xFF, _ => (byte)random.Next(256) };
        }

        return bytes;
    }

    private static bool Contains(SnapshotRange range, byte[] key) =>
        key.AsSpan().SequenceCompareTo(range.Lower) >= 0 &&
        (range.Upper.Length == 0 || key.AsSpan().SequenceCompareTo(range.Upper) < 0) &&
        (range.Belongs is null || range.Belongs(key));

    [Fact]
    public void Every_item_and_index_entry_is_in_the_scope_of_exactly_the_partition_of_its_item()
    {
        var random = new Random(6);
        var scopes = Enumerable.Range(0, Table.PartitionCount)
            .Select(p => TableSnapshotScope.ForGroups(_ => Table).Ranges(PartitionRouting.GroupId(Table.Id, p)))
            .ToList();
        var seen = new int[Table.PartitionCount];
        for (var n = 0; n < 2_000; n++)
        {
            var item = new Item
            {
                ["pk"] = AttributeValue.FromBinary(Awkward(random)),
                ["sk"] = AttributeValue.FromString(System.Text.Encoding.Latin1.GetString(Awkward(random))),
                ["g"] = AttributeValue.FromString(System.Text.Encoding.Latin1.GetString(Awkward(random))),
                ["h"] = AttributeValue.FromBinary(Awkward(random)),
            };
            var baseKey = KeyCodec.EncodeItemKey(Table.Id, item["pk"], item["sk"]);
            var owner = PartitionRouting.PartitionOf(Table.PartitionCount, baseKey);
            seen[owner]++;
            var keys = new List<byte[]> { baseKey };
            keys.AddRange(Table.LocalIndexes.Concat(Table.GlobalIndexes).Select(index => IndexEntries.KeyOf(index, item, baseKey)!));
            foreach (var key in keys)
            {
                var holders = Enumerable.Range(0, scopes.Count).Where(p => scopes[p].Any(r => Contains(r, key))).ToList();
                Assert.Equal([owner], holders);
            }
        }

        Assert.All(seen, count => Assert.True(count > 400));
    }

    [Fact]
    public void Hash_ranges_cover_the_hash_space_without_gaps()
    {
        foreach (var count in new[] { 1, 2, 3, 7 })
        {
            UInt128 next = 0;
            for (var p = 0; p < count; p++)
            {
                var (low, high) = TableSnapshotScope.HashRange(p, count);
                Assert.Equal(next, low);
                next = high;
                var key = new byte[16];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), (ulong)low);
                Assert.Equal(p, PartitionRouting.PartitionOf(count, key));
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), (ulong)(high - 1));
                Assert.Equal(p, PartitionRouting.PartitionOf(count, key));
            }

            Assert.Equal((UInt128)1 << 64, next);
        }
    }
}
