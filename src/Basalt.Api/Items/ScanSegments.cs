using System.Buffers.Binary;
using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>
/// Parallel scan segments: segment i of n covers the i-th n-th of the 64-bit partition-hash
/// space that follows the table prefix in every item key, so segments are disjoint and together
/// cover the whole table.
/// </summary>
public static class ScanSegments
{
    public static (byte[] Lower, byte[] Upper) Range(ulong tableId, int segment, int totalSegments)
    {
        var prefix = KeyCodec.EncodeTablePrefix(tableId);
        if (totalSegments <= 1)
        {
            return (prefix, KeyRanges.PrefixEnd(prefix));
        }

        var lower = WithHash(prefix, Boundary(segment, totalSegments));
        var upper = segment == totalSegments - 1 ? KeyRanges.PrefixEnd(prefix) : WithHash(prefix, Boundary(segment + 1, totalSegments));
        return (lower, upper);
    }

    /// <summary>The first partition-key hash of segment <paramref name="segment"/> (the end of the previous one).</summary>
    public static ulong Boundary(int segment, int totalSegments) =>
        (ulong)(((UInt128)ulong.MaxValue + 1) * (UInt128)segment / (UInt128)totalSegments);

    private static byte[] WithHash(byte[] prefix, ulong hash)
    {
        var key = new byte[prefix.Length + 8];
        prefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(prefix.Length), hash);
        return key;
    }
}
