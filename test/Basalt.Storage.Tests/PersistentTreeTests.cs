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

    [Fact]
    public void Comparing_by_the_key_heads_first_agrees_with_memcmp_for_keys_of_any_length()
    {
        // Bytes from {0, 1, 255} and lengths around the 8- and 16-byte heads, so that keys share
        // heads, differ only past them, or end inside them (zero padding against a real 0 byte).
        var key = Gen.Int[0, 2].Select(i => i == 2 ? (byte)255 : (byte)i).Array[0, 24];
        Gen.Select(key, key).Sample((a, b) =>
        {
            var (head0, head1) = TreeKey.HeadsOf(a);
            var node = new TreeNode(new TreeKey(b), [], null, null);
            Assert.Equal(Math.Sign(a.AsSpan().SequenceCompareTo(b)), Math.Sign(TreeKey.Compare(a, head0, head1, node)));
        }, iter: 20_000);
    }

    [Fact]
    public void Find_sees_exactly_the_keys_present_after_puts_and_removes_of_long_keys_sharing_prefixes()
    {
        var key = Gen.Int[0, 2].Select(i => i == 2 ? (byte)255 : (byte)i).Array[0, 20];
        Gen.Select(Gen.Bool, key).Array[1, 150].Sample(operations =>
        {
            var model = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)));
            TreeNode? root = null;
            var step = 0;
            foreach (var (delete, bytes) in operations)
            {
                if (delete)
                {
                    root = PersistentTree.Remove(root, bytes);
                    model.Remove(bytes);
                }
                else
                {
                    byte[] value = [(byte)step];
                    root = PersistentTree.Put(root, bytes, value);
                    model[bytes] = value;
                }

                step++;
                CheckInvariants(root);
            }

            Assert.Equal(Describe(model), InOrder(root));
            foreach (var (_, probe) in operations)
            {
                var found = PersistentTree.Find(root, probe);
                Assert.Equal(model.TryGetValue(probe, out var value) ? value : null, found?.Value);
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
