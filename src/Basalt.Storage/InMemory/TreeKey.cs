using System.Buffers.Binary;

namespace Basalt.Storage.InMemory;

/// <summary>
/// A tree key with its first 16 bytes (zero-padded) held as two big-endian numbers, so that comparing
/// a search key with a node reads only the node itself while those bytes differ — nearly always above
/// the last levels (an item key's bytes 8–16 are its partition key's hash) — instead of following the
/// reference to the key's array, a cache miss per level of a large tree.
/// </summary>
internal readonly struct TreeKey
{
    public TreeKey(byte[] bytes)
    {
        Bytes = bytes;
        (Head0, Head1) = HeadsOf(bytes);
    }

    public TreeKey(byte[] bytes, ulong head0, ulong head1)
    {
        Bytes = bytes;
        Head0 = head0;
        Head1 = head1;
    }

    public byte[] Bytes { get; }

    public ulong Head0 { get; }

    public ulong Head1 { get; }

    /// <summary>
    /// The first 16 bytes, zero-padded. Where two keys' padded heads differ, their order is the keys'
    /// memcmp order (at the first differing byte either both keys have a byte, or the shorter key ends
    /// there and the longer one's byte is not zero, so the shorter one is its prefix and sorts first);
    /// where they are equal, only the whole keys decide.
    /// </summary>
    public static (ulong Head0, ulong Head1) HeadsOf(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 16)
        {
            return (BinaryPrimitives.ReadUInt64BigEndian(key), BinaryPrimitives.ReadUInt64BigEndian(key[8..]));
        }

        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        key.CopyTo(padded);
        return (BinaryPrimitives.ReadUInt64BigEndian(padded), BinaryPrimitives.ReadUInt64BigEndian(padded[8..]));
    }

    /// <summary>memcmp order of <paramref name="key"/> (whose heads are given) against <paramref name="node"/>'s key.</summary>
    public static int Compare(ReadOnlySpan<byte> key, ulong head0, ulong head1, TreeNode node)
    {
        if (head0 != node.Head0)
        {
            return head0 < node.Head0 ? -1 : 1;
        }

        if (head1 != node.Head1)
        {
            return head1 < node.Head1 ? -1 : 1;
        }

        return key.SequenceCompareTo(node.Key);
    }
}
