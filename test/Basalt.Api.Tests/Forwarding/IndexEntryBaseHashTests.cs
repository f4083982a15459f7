using System.Buffers.Binary;
using Basalt.Api.Forwarding;
using Basalt.Api.Indexes;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Tests.Forwarding;

/// <summary>
/// A global-index entry's key ends with its base item's key hash, after the index's delimited key
/// values: GSI shares and partition snapshots (ClusterSnapshotScope) pick a partition's entries by
/// it. Keys full of the escape and terminator bytes (0x00, 0x01, 0xFF) still give the right hash.
/// </summary>
public class IndexEntryBaseHashTests
{
    private static IndexDefinition Index(ulong id, KeyAttribute? sortKey) => new()
    {
        Name = $"i{id}", Id = id, IsGlobal = true, PartitionKey = new KeyAttribute("g", AttributeKind.B), SortKey = sortKey, Projection = ProjectionKind.KEYS_ONLY,
    };

    private static byte[] Awkward(Random random)
    {
        var bytes = new byte[random.Next(1, 12)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(4) switch { 0 => 0x00, 1 => 0x01, 2 => 0xFF, _ => (byte)random.Next(256) };
        }

        return bytes;
    }

    [Fact]
    public void The_base_hash_of_every_global_index_entry_is_its_items_hash()
    {
        var random = new Random(6);
        var indexes = new[] { Index(1002, null), Index(1003, new KeyAttribute("h", AttributeKind.B)), Index(1004, new KeyAttribute("s", AttributeKind.S)) };
        for (var n = 0; n < 3_000; n++)
        {
            var item = new Item
            {
                ["pk"] = AttributeValue.FromBinary(Awkward(random)),
                ["sk"] = AttributeValue.FromString(System.Text.Encoding.Latin1.GetString(Awkward(random))),
                ["g"] = AttributeValue.FromBinary(Awkward(random)),
                ["h"] = AttributeValue.FromBinary(Awkward(random)),
                ["s"] = AttributeValue.FromString(System.Text.Encoding.Latin1.GetString(Awkward(random))),
            };
            var baseKey = KeyCodec.EncodeItemKey(77, item["pk"], item["sk"]);
            var hash = BinaryPrimitives.ReadUInt64BigEndian(baseKey.AsSpan(KeyCodec.TablePrefixLength));
            foreach (var index in indexes)
            {
                var entry = IndexEntries.KeyOf(index, item, baseKey)!;
                Assert.Equal(hash, ShareScope.BaseHashOfIndexEntry(entry, index.SortKey is not null));
            }
        }
    }
}
