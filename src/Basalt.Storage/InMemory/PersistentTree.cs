namespace Basalt.Storage.InMemory;

/// <summary>
/// Operations of a persistent (path-copying) AVL tree: an update returns a new root sharing every untouched
/// node with the old one, so any root ever published stays a consistent, immutable snapshot.
/// Lookups and updates are O(log n); an update allocates O(log n) nodes.
/// </summary>
internal static class PersistentTree
{
    public static TreeNode? Find(TreeNode? node, ReadOnlySpan<byte> key)
    {
        var (head0, head1) = TreeKey.HeadsOf(key);
        while (node is not null)
        {
            int c = TreeKey.Compare(key, head0, head1, node);
            if (c == 0)
            {
                return node;
            }

            node = c < 0 ? node.Left : node.Right;
        }

        return null;
    }

    public static TreeNode Put(TreeNode? node, byte[] key, byte[] value) => Put(node, new TreeKey(key), value);

    public static TreeNode? Remove(TreeNode? node, ReadOnlySpan<byte> key)
    {
        var (head0, head1) = TreeKey.HeadsOf(key);
        return Remove(node, key, head0, head1);
    }

    private static TreeNode Put(TreeNode? node, in TreeKey key, byte[] value)
    {
        if (node is null)
        {
            return new TreeNode(key, value, null, null);
        }

        int c = TreeKey.Compare(key.Bytes, key.Head0, key.Head1, node);
        if (c < 0)
        {
            return Balance(node.TreeKey, node.Value, Put(node.Left, key, value), node.Right);
        }

        if (c > 0)
        {
            return Balance(node.TreeKey, node.Value, node.Left, Put(node.Right, key, value));
        }

        return new TreeNode(node.TreeKey, value, node.Left, node.Right);
    }

    private static TreeNode? Remove(TreeNode? node, ReadOnlySpan<byte> key, ulong head0, ulong head1)
    {
        if (node is null)
        {
            return null;
        }

        int c = TreeKey.Compare(key, head0, head1, node);
        if (c < 0)
        {
            TreeNode? left = Remove(node.Left, key, head0, head1);
            return ReferenceEquals(left, node.Left) ? node : Balance(node.TreeKey, node.Value, left, node.Right);
        }

        if (c > 0)
        {
            TreeNode? right = Remove(node.Right, key, head0, head1);
            return ReferenceEquals(right, node.Right) ? node : Balance(node.TreeKey, node.Value, node.Left, right);
        }

        if (node.Left is null)
        {
            return node.Right;
        }

        if (node.Right is null)
        {
            return node.Left;
        }

        TreeNode successor = node.Right;
        while (successor.Left is not null)
        {
            successor = successor.Left;
        }

        return Balance(successor.TreeKey, successor.Value, node.Left, RemoveMin(node.Right));
    }

    private static TreeNode? RemoveMin(TreeNode node)
    {
        if (node.Left is null)
        {
            return node.Right;
        }

        return Balance(node.TreeKey, node.Value, RemoveMin(node.Left), node.Right);
    }

    private static TreeNode Balance(in TreeKey key, byte[] value, TreeNode? left, TreeNode? right)
    {
        int leftHeight = TreeNode.HeightOf(left);
        int rightHeight = TreeNode.HeightOf(right);
        if (leftHeight > rightHeight + 1)
        {
            TreeNode l = left!;
            if (TreeNode.HeightOf(l.Left) >= TreeNode.HeightOf(l.Right))
            {
                return new TreeNode(l.TreeKey, l.Value, l.Left, new TreeNode(key, value, l.Right, right));
            }

            TreeNode lr = l.Right!;
            return new TreeNode(lr.TreeKey, lr.Value, new TreeNode(l.TreeKey, l.Value, l.Left, lr.Left), new TreeNode(key, value, lr.Right, right));
        }

        if (rightHeight > leftHeight + 1)
        {
            TreeNode r = right!;
            if (TreeNode.HeightOf(r.Right) >= TreeNode.HeightOf(r.Left))
            {
                return new TreeNode(r.TreeKey, r.Value, new TreeNode(key, value, left, r.Left), r.Right);
            }

            TreeNode rl = r.Left!;
            return new TreeNode(rl.TreeKey, rl.Value, new TreeNode(key, value, left, rl.Left), new TreeNode(r.TreeKey, r.Value, rl.Right, r.Right));
        }

        return new TreeNode(key, value, left, right);
    }
}
