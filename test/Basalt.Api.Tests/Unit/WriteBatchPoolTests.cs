using Basalt.Api.Items;
using Basalt.Storage;

namespace Basalt.Api.Tests.Unit;

public sealed class WriteBatchPoolTests
{
    [Fact]
    public void A_rented_batch_is_always_empty_even_after_returned_batches_held_writes()
    {
        var returned = new List<WriteBatch>();
        for (var i = 0; i < 64; i++)
        {
            var batch = WriteBatchPool.Rent();
            batch.Put(ColumnFamily.Data, [1, 2, (byte)i], new byte[100 * i]);
            batch.Delete(ColumnFamily.Data, [3]);
            returned.Add(batch);
        }

        returned.ForEach(WriteBatchPool.Return);
        for (var i = 0; i < 64; i++)
        {
            var batch = WriteBatchPool.Rent();
            Assert.Equal(0, batch.Count);
            Assert.Equal(0, batch.SizeInBytes);
        }
    }

    [Fact]
    public void A_batch_larger_than_the_bound_is_never_handed_out_again()
    {
        var large = WriteBatchPool.Rent();
        large.Put(ColumnFamily.Data, [1], new byte[128 * 1024]);
        WriteBatchPool.Return(large);
        for (var i = 0; i < 512; i++)
        {
            Assert.NotSame(large, WriteBatchPool.Rent());
        }
    }
}
