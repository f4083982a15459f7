namespace Basalt.Storage.InMemory;

/// <summary>An immutable node of a persistent AVL tree ordered by unsigned bytes (memcmp order).</summary>
internal sealed class TreeNode(byte[] key, byte[] value, TreeNode? left, TreeNode? right)
{
    public byte[] Key { get; } = key;

    public byte[] Value { get; } = value;

    public TreeNode? Left { get; } = left;

    public TreeNode? Right { get; } = right;

    public int Height { get; } = 1 + Math.Max(HeightOf(left), HeightOf(right));

    public static int HeightOf(TreeNode? node) => node?.Height ?? 0;
}
