using Basalt.Model.Tests.Generators;
using CsCheck;

namespace Basalt.Model.Tests;

public class KeyCodecTests
{
    private static AttributeValue S(string s) => AttributeValue.FromString(s);

    private static AttributeValue N(string n) => AttributeValue.FromNumber(DynamoNumber.Parse(n));

    [Fact]
    public void TablePrefixIsBigEndianTableId()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }, KeyCodec.EncodeTablePrefix(0x0102));
        Assert.Equal(0x0102UL, KeyCodec.DecodeTableId(KeyCodec.EncodeItemKey(0x0102, S("a"), null)));
    }

    [Fact]
    public void EqualNumbersHashAndEncodeAlike()
    {
        Assert.Equal(KeyCodec.PartitionHash(N("1")), KeyCodec.PartitionHash(N("1.0")));
        Assert.Equal(KeyCodec.EncodePartitionPrefix(7, N("10E-1")), KeyCodec.EncodePartitionPrefix(7, N("1")));
        Assert.NotEqual(KeyCodec.PartitionHash(N("1")), KeyCodec.PartitionHash(N("2")));
    }

    [Fact]
    public void ZeroBytesInPartitionKeysAreEscaped()
    {
        byte[] key = KeyCodec.EncodeItemKey(1, AttributeValue.FromBinary([0x00, 0x41]), null);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x41, 0x00, 0x01 }, key[16..]);
    }

    [Fact]
    public void SortKeyPartIsRaw()
    {
        Assert.Equal("abc"u8.ToArray(), KeyCodec.EncodeSortKeyPart(S("abc")));
        Assert.Equal(new byte[] { 0, 1 }, KeyCodec.EncodeSortKeyPart(AttributeValue.FromBinary([0, 1])));
        Assert.Equal(DynamoNumber.Parse("-3").ToEncodedBytes(), KeyCodec.EncodeSortKeyPart(N("-3")));
    }

    [Fact]
    public void ItemKeyIsPartitionPrefixFollowedBySortKeyPart()
    {
        byte[] prefix = KeyCodec.EncodePartitionPrefix(9, S("p"));
        byte[] item = KeyCodec.EncodeItemKey(9, S("p"), N("5"));
        Assert.Equal([.. prefix, .. KeyCodec.EncodeSortKeyPart(N("5"))], item);
    }

    [Fact]
    public void DecodeRejectsCorruptKeys()
    {
        byte[] key = KeyCodec.EncodeItemKey(1, S("pk"), S("sk"));
        Assert.Throws<CorruptDataException>(() => KeyCodec.DecodeItemKey(key.AsSpan(0, 10), AttributeKind.S, AttributeKind.S));
        Assert.Throws<CorruptDataException>(() => KeyCodec.DecodeItemKey(key, AttributeKind.S, null));
        byte[] flipped = key.ToArray();
        flipped[16] ^= 0x01; // partition key byte: hash no longer matches
        Assert.Throws<CorruptDataException>(() => KeyCodec.DecodeItemKey(flipped, AttributeKind.S, AttributeKind.S));
        byte[] unterminated = KeyCodec.EncodePartitionPrefix(1, S("pk"))[..^2];
        Assert.Throws<CorruptDataException>(() => KeyCodec.DecodeItemKey(unterminated, AttributeKind.S, null));
    }

    [Fact]
    public void SortKeyByteOrderIsKeyOrderWithinAPartition() =>
        Gen.Select(AttributeValueGen.KeyKind, AttributeValueGen.KeyKind).SelectMany((pk, sk) =>
            Gen.Select(AttributeValueGen.Key(pk), AttributeValueGen.Key(sk), AttributeValueGen.Key(sk), Gen.ULong))
            .Sample((partition, a, b, table) =>
            {
                byte[] ka = KeyCodec.EncodeItemKey(table, partition, a);
                byte[] kb = KeyCodec.EncodeItemKey(table, partition, b);
                return Math.Sign(ka.AsSpan().SequenceCompareTo(kb)) == Math.Sign(KeyComparer.Compare(a, b));
            });

    [Fact]
    public void StringSortKeysOrderByUtf8AcrossSurrogates()
    {
        byte[] emoji = KeyCodec.EncodeItemKey(1, S("p"), S("😀"));
        byte[] high = KeyCodec.EncodeItemKey(1, S("p"), S("\uFFFF"));
        Assert.True(emoji.AsSpan().SequenceCompareTo(high) > 0);
    }

    [Fact]
    public void DecodeInvertsEncode() =>
        Gen.Select(AttributeValueGen.KeyKind, AttributeValueGen.KeyKind, Gen.Bool).SelectMany((pk, sk, hasSort) =>
            Gen.Select(AttributeValueGen.Key(pk), AttributeValueGen.Key(sk), Gen.ULong, Gen.Const(hasSort)))
            .Sample((partition, sort, table, hasSort) =>
            {
                AttributeValue? sortKey = hasSort ? sort : null;
                byte[] key = KeyCodec.EncodeItemKey(table, partition, sortKey);
                (AttributeValue p, AttributeValue? s) = KeyCodec.DecodeItemKey(key, partition.Kind, sortKey?.Kind);
                return p.Equals(partition) && (sortKey is null ? s is null : sortKey.Equals(s)) && KeyCodec.DecodeTableId(key) == table;
            });

    [Fact]
    public void PrefixesNestAndPartitionsDoNotOverlap() =>
        Gen.Select(AttributeValueGen.KeyKind, AttributeValueGen.KeyKind).SelectMany((pk, sk) =>
            Gen.Select(AttributeValueGen.Key(pk), AttributeValueGen.Key(pk), AttributeValueGen.Key(sk), Gen.ULong[0, 3]))
            .Sample((p1, p2, sort, table) =>
            {
                byte[] tablePrefix = KeyCodec.EncodeTablePrefix(table);
                byte[] prefix1 = KeyCodec.EncodePartitionPrefix(table, p1);
                byte[] end1 = KeyCodec.PartitionPrefixEnd(prefix1);
                byte[] item1 = KeyCodec.EncodeItemKey(table, p1, sort);
                byte[] item2 = KeyCodec.EncodeItemKey(table, p2, sort);
                bool nested = prefix1.AsSpan().StartsWith(tablePrefix) && item1.AsSpan().StartsWith(prefix1)
                    && item1.AsSpan().SequenceCompareTo(end1) < 0 && item1.AsSpan().SequenceCompareTo(prefix1) >= 0;
                bool inside2 = item2.AsSpan().SequenceCompareTo(prefix1) >= 0 && item2.AsSpan().SequenceCompareTo(end1) < 0;
                return nested && inside2 == p1.Equals(p2);
            });

    [Fact]
    public void LongPartitionKeysEncode()
    {
        AttributeValue big = S(new string('x', 3000));
        byte[] key = KeyCodec.EncodeItemKey(1, big, null);
        Assert.Equal(big, KeyCodec.DecodeItemKey(key, AttributeKind.S, null).PartitionKey);
        Assert.Equal(KeyCodec.PartitionHash(big), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(8)));
    }
}
