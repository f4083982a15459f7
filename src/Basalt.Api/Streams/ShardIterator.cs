using System.Buffers.Binary;
using System.IO.Hashing;

namespace Basalt.Api.Streams;

/// <summary>
/// A shard iterator: which shard, the position (records with a sequence number above
/// <see cref="After"/>) and when it was issued (iterators expire after 15 minutes). The token is
/// "{stream ARN}|1|{base64 payload}" like DynamoDB's; the payload carries a CRC-32 so a garbled
/// token is told apart from a valid one.
/// </summary>
public readonly record struct ShardIterator(ulong TableId, long StreamCreatedMs, int ShardIndex, ulong After, long IssuedMs)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 8 + 4 + 8 + 8 + 4;

    public string Encode(string streamArn)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(payload[1..], TableId);
        BinaryPrimitives.WriteInt64BigEndian(payload[9..], StreamCreatedMs);
        BinaryPrimitives.WriteInt32BigEndian(payload[17..], ShardIndex);
        BinaryPrimitives.WriteUInt64BigEndian(payload[21..], After);
        BinaryPrimitives.WriteInt64BigEndian(payload[29..], IssuedMs);
        BinaryPrimitives.WriteUInt32BigEndian(payload[37..], Crc32.HashToUInt32(payload[..37]));
        return streamArn + "|1|" + Convert.ToBase64String(payload);
    }

    public static bool TryDecode(string? token, out ShardIterator iterator, out string streamArn)
    {
        iterator = default;
        streamArn = string.Empty;
        if (token is null)
        {
            return false;
        }

        var bar = token.LastIndexOf("|1|", StringComparison.Ordinal);
        if (bar <= 0)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[PayloadLength + 3];
        if (!Convert.TryFromBase64String(token[(bar + 3)..], payload, out var written) || written != PayloadLength)
        {
            return false;
        }

        payload = payload[..PayloadLength];
        if (payload[0] != Version || BinaryPrimitives.ReadUInt32BigEndian(payload[37..]) != Crc32.HashToUInt32(payload[..37]))
        {
            return false;
        }

        streamArn = token[..bar];
        iterator = new ShardIterator(
            BinaryPrimitives.ReadUInt64BigEndian(payload[1..]),
            BinaryPrimitives.ReadInt64BigEndian(payload[9..]),
            BinaryPrimitives.ReadInt32BigEndian(payload[17..]),
            BinaryPrimitives.ReadUInt64BigEndian(payload[21..]),
            BinaryPrimitives.ReadInt64BigEndian(payload[29..]));
        return true;
    }
}
