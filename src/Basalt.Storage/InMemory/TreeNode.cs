namespace Basalt.Storage.InMemory;

/// <summary>An immutable node of a persistent AVL tree ordered by unsigned bytes (memcmp order).</summary>
internal sealed class TreeNode(in TreeKey key, byte[] value, TreeNode? left, TreeNode? right)
{
    public byte[] Key { get; } = key.Bytes;

    /// <summary>The key's first 8 bytes (zero-padded, big-endian): see <see cref="TreeKey"/>.</summary>
    public ulong Head0 { get; } = key.Head0;

    /// <summary>The key's bytes 8–16 (zero-padded, big-endian).</summary>
    public ulong Head1 { get; } = key.Head1;

    public byte[] Value { get; } = value;

    public TreeNode? Left { get; } = left;

    public TreeNode? Right { get; } = right;

    public int Height { get; } = 1 + Math.Max(HeightOf(left), HeightOf(right));

    /// <summary>This node's key with its heads (for a copy of the node).</summary>
    public TreeKey TreeKey => new(Key, Head0, Head1);

    public static int HeightOf(TreeNode? node) => node?.Height ?? 0;
}
