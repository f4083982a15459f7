using Basalt.Storage.InMemory;
using CsCheck;

namespace Basalt.Storage.Tests;

public sealed class PersistentTreeTests
{
    [Fact]
    public void Updates_keep_the_tree_an_ordered_avl_tree_and_never_change_old_roots()
    {
        Gen<(bool Delete, byte[] Key)> operation = Gen.Select(Gen.Int[0, 3], Gen.Byte[0, 8].Array[0, 3], (kind, key) => (kind == 0, key));
        operation.Array[1, 200].Sample(operations =>
        {
            var model = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)));
            TreeNode? root = null;
            var history = new List<(TreeNode? Root, List<string> Contents)>();
            int step = 0;
            foreach ((bool delete, byte[] key) in operations)
            {
                if (delete)
                {
                    root = PersistentTree.Remove(root, key);
                    model.Remove(key);
                }
                else
                {
                    byte[] value = [(byte)step];
                    root = PersistentTree.Put(root, key, value);
                    model[key] = value;
                }

                step++;
                CheckInvariants(root);
                history.Add((root, Describe(model)));
            }

            foreach ((TreeNode? oldRoot, List<string> contents) in history)
            {
                Assert.Equal(contents, InOrder(oldRoot));
            }
        });
    }

    private static List<string> Describe(SortedDictionary<byte[], byte[]> model)
        => [.. model.Select(e => $"{Convert.ToHexString(e.Key)}={Convert.ToHexString(e.Value)}")];

    private static List<string> InOrder(TreeNode? node)
    {
        var result = new List<string>();
        void Walk(TreeNode? n)
        {
            if (n is null)
            {
                return;
            }

            Walk(n.Left);
            result.Add($"{Convert.ToHexString(n.Key)}={Convert.ToHexString(n.Value)}");
            Walk(n.Right);
        }

        Walk(node);
        return result;
    }

    private static void CheckInvariants(TreeNode? node)
    {
        if (node is null)
        {
            return;
        }

        int left = TreeNode.HeightOf(node.Left);
        int right = TreeNode.HeightOf(node.Right);
        Assert.InRange(left - right, -1, 1);
        Assert.Equal(1 + Math.Max(left, right), node.Height);
        if (node.Left is not null)
        {
            Assert.True(node.Left.Key.AsSpan().SequenceCompareTo(node.Key) < 0);
        }

        if (node.Right is not null)
        {
            Assert.True(node.Right.Key.AsSpan().SequenceCompareTo(node.Key) > 0);
        }

        CheckInvariants(node.Left);
        CheckInvariants(node.Right);
    }
}
