using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Basalt.Model;

/// <summary>
/// Order-preserving encoding of item keys in one byte space (DESIGN §5):
/// <c>tableId (8, big-endian) | hash64(partition key) (8, big-endian) | escaped partition key | 0x00 0x01 | sort key</c>.
/// The partition key is escaped (0x00 → 0x00 0xFF) and terminated by 0x00 0x01, so it is
/// self-delimiting and no partition's prefix is a prefix of another's; the sort key comes last,
/// raw, so byte order of item keys within a partition is DynamoDB's sort-key order.
/// Raw key bytes: S its UTF-8, B its bytes, N its <see cref="DynamoNumber"/> encoding.
/// </summary>
public static class KeyCodec
{
    public const int TablePrefixLength = 8;
    public const int HashLength = 8;
    private const int HeaderLength = TablePrefixLength + HashLength;
    private const byte Escape = 0x00;
    private const byte EscapedZero = 0xFF;
    private const byte Terminator = 0x01;
    private const int StackLimit = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The 8-byte prefix shared by every key of a table.</summary>
    public static byte[] EncodeTablePrefix(ulong tableId)
    {
        var prefix = new byte[TablePrefixLength];
        BinaryPrimitives.WriteUInt64BigEndian(prefix, tableId);
        return prefix;
    }

    /// <summary>Reads the table id of a key.</summary>
    public static ulong DecodeTableId(ReadOnlySpan<byte> key)
    {
        if (key.Length < TablePrefixLength)
        {
            throw new CorruptDataException("Key shorter than a table prefix");
        }

        return BinaryPrimitives.ReadUInt64BigEndian(key);
    }

    /// <summary>XxHash64 of the normalised key bytes (1 and 1.0 hash alike), seeded by the key type.</summary>
    public static ulong PartitionHash(AttributeValue partitionKey)
    {
        int length = RawLength(partitionKey);
        byte[]? rented = null;
        Span<byte> raw = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            WriteRaw(partitionKey, raw);
            return XxHash64.HashToUInt64(raw, (long)partitionKey.Kind);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The prefix shared by every item of one partition key (its item collection).</summary>
    public static byte[] EncodePartitionPrefix(ulong tableId, AttributeValue partitionKey) =>
        EncodeItemKey(tableId, partitionKey, null);

    /// <summary>Exclusive upper bound of every key that starts with <paramref name="partitionPrefix"/>.</summary>
    public static byte[] PartitionPrefixEnd(ReadOnlySpan<byte> partitionPrefix)
    {
        if (partitionPrefix.Length < HeaderLength + 2 || partitionPrefix[^1] != Terminator || partitionPrefix[^2] != Escape)
        {
            throw new ArgumentException("Not a partition prefix", nameof(partitionPrefix));
        }

        byte[] end = partitionPrefix.ToArray();
        end[^1] = Terminator + 1;
        return end;
    }

    /// <summary>Raw order-preserving bytes of a sort key (S: UTF-8, B: bytes, N: number encoding).</summary>
    public static byte[] EncodeSortKeyPart(AttributeValue sortKey)
    {
        var bytes = new byte[RawLength(sortKey)];
        WriteRaw(sortKey, bytes);
        return bytes;
    }

    /// <summary>Full item key: partition prefix followed by the sort key part (if any).</summary>
    public static byte[] EncodeItemKey(ulong tableId, AttributeValue partitionKey, AttributeValue? sortKey)
    {
        int partitionLength = RawLength(partitionKey);
        byte[]? rented = null;
        Span<byte> raw = partitionLength <= StackLimit ? stackalloc byte[partitionLength] : (rented = ArrayPool<byte>.Shared.Rent(partitionLength)).AsSpan(0, partitionLength);
        try
        {
            WriteRaw(partitionKey, raw);
            int zeros = raw.Count(Escape);
            int sortLength = sortKey is null ? 0 : RawLength(sortKey);
            var key = new byte[HeaderLength + partitionLength + zeros + 2 + sortLength];
            BinaryPrimitives.WriteUInt64BigEndian(key, tableId);
            BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(TablePrefixLength), XxHash64.HashToUInt64(raw, (long)partitionKey.Kind));
            int p = HeaderLength;
            foreach (byte b in raw)
            {
                key[p++] = b;
                if (b == Escape)
                {
                    key[p++] = EscapedZero;
                }
            }

            key[p++] = Escape;
            key[p++] = Terminator;
            if (sortKey is not null)
            {
                WriteRaw(sortKey, key.AsSpan(p));
            }

            return key;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes an item key written by <see cref="EncodeItemKey"/> for a table of the given key schema.</summary>
    /// <exception cref="CorruptDataException">The bytes are not such a key.</exception>
    public static (AttributeValue PartitionKey, AttributeValue? SortKey) DecodeItemKey(
        ReadOnlySpan<byte> key, AttributeKind partitionKeyKind, AttributeKind? sortKeyKind)
    {
        if (key.Length < HeaderLength + 2)
        {
            throw new CorruptDataException("Item key too short");
        }

        // Unescape the partition key.
        ReadOnlySpan<byte> body = key[HeaderLength..];
        var raw = new byte[body.Length];
        int length = 0;
        int i = 0;
        while (true)
        {
            if (i >= body.Length)
            {
                throw new CorruptDataException("Unterminated partition key");
            }

            byte b = body[i++];
            if (b != Escape)
            {
                raw[length++] = b;
                continue;
            }

            if (i >= body.Length)
            {
                throw new CorruptDataException("Truncated escape in partition key");
            }

            byte next = body[i++];
            if (next == Terminator)
            {
                break;
            }

            if (next != EscapedZero)
            {
                throw new CorruptDataException("Invalid escape in partition key");
            }

            raw[length++] = Escape;
        }

        ReadOnlySpan<byte> partitionRaw = raw.AsSpan(0, length);
        if (BinaryPrimitives.ReadUInt64BigEndian(key[TablePrefixLength..]) != XxHash64.HashToUInt64(partitionRaw, (long)partitionKeyKind))
        {
            throw new CorruptDataException("Partition key hash mismatch");
        }

        AttributeValue partitionKey = FromRaw(partitionKeyKind, partitionRaw);
        ReadOnlySpan<byte> sortRaw = body[i..];
        if (sortKeyKind is null)
        {
            if (!sortRaw.IsEmpty)
            {
                throw new CorruptDataException("Unexpected sort key bytes");
            }

            return (partitionKey, null);
        }

        return (partitionKey, FromRaw(sortKeyKind.Value, sortRaw));
    }

    private static int RawLength(AttributeValue key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Kind switch
        {
            AttributeKind.S => Encoding.UTF8.GetByteCount(key.S!),
            AttributeKind.N => key.N.EncodedLength,
            AttributeKind.B => key.B!.Length,
            _ => throw new ArgumentException($"{key.Kind} is not a key type", nameof(key)),
        };
    }

    private static void WriteRaw(AttributeValue key, Span<byte> destination)
    {
        switch (key.Kind)
        {
            case AttributeKind.S:
                Encoding.UTF8.GetBytes(key.S!, destination);
                break;
            case AttributeKind.N:
                key.N.Encode(destination);
                break;
            default:
                key.B.AsSpan().CopyTo(destination);
                break;
        }
    }

    private static AttributeValue FromRaw(AttributeKind kind, ReadOnlySpan<byte> raw)
    {
        switch (kind)
        {
            case AttributeKind.S:
                try
                {
                    return AttributeValue.FromString(StrictUtf8.GetString(raw));
                }
                catch (DecoderFallbackException e)
                {
                    throw new CorruptDataException("Invalid UTF-8 in key", e);
                }

            case AttributeKind.N:
            {
                DynamoNumber number = DynamoNumber.Decode(raw, out int read);
                if (read != raw.Length)
                {
                    throw new CorruptDataException("Trailing bytes after a number key");
                }

                return AttributeValue.FromNumber(number);
            }

            case AttributeKind.B:
                return AttributeValue.FromBinary(raw.ToArray());
            default:
                throw new ArgumentException($"{kind} is not a key type", nameof(kind));
        }
    }
}
