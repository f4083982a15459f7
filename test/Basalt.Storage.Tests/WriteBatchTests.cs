namespace Basalt.Storage.Tests;

public sealed class WriteBatchTests
{
    [Fact]
    public void Operations_are_kept_in_order_with_copies_of_keys_and_values()
    {
        var batch = new WriteBatch();
        byte[] key = Bytes.Of("key");
        byte[] value = Bytes.Of("value");
        batch.Put(ColumnFamily.Meta, key, value);
        key[0] = (byte)'X';
        value[0] = (byte)'X';
        batch.Delete(ColumnFamily.Log, Bytes.Of("gone"));

        Assert.Equal(2, batch.Count);
        Assert.Equal(ColumnFamily.Meta, batch.GetColumnFamily(0));
        Assert.False(batch.IsDelete(0));
        Assert.Equal("key", Bytes.Text(batch.GetKey(0)));
        Assert.Equal("value", Bytes.Text(batch.GetValue(0)));
        Assert.Equal(ColumnFamily.Log, batch.GetColumnFamily(1));
        Assert.True(batch.IsDelete(1));
        Assert.Equal("gone", Bytes.Text(batch.GetKey(1)));
    }

    [Fact]
    public void The_batch_grows_past_its_initial_buffers()
    {
        var batch = new WriteBatch();
        for (int i = 0; i < 1000; i++)
        {
            batch.Put(ColumnFamily.Data, Bytes.Of($"key{i:D4}"), new byte[i]);
        }

        Assert.Equal(1000, batch.Count);
        Assert.Equal("key0999", Bytes.Text(batch.GetKey(999)));
        Assert.Equal(999, batch.GetValue(999).Length);
        Assert.True(batch.SizeInBytes > 1000 * 999 / 2);
    }

    [Fact]
    public void Clear_empties_the_batch()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, Bytes.Of("k"), Bytes.Of("v"));
        batch.Clear();

        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.SizeInBytes);
    }
}
