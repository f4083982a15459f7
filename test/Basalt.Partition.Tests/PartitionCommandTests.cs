using System.Buffers.Binary;
using Basalt.Model;
using Basalt.Storage;
using CsCheck;

namespace Basalt.Partition.Tests;

public class PartitionCommandTests
{
    private static readonly Gen<(bool Delete, byte[] Key, byte[] Value)[]> Operations =
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 12], Gen.Byte.Array[0, 40]).Array[0, 8];

    private static List<(string Key, string? Value)> Decode(byte[] command)
    {
        var ops = new List<(string, string?)>();
        PartitionCommand.Visit(command, ref ops, static (ref List<(string, string?)> list, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete) =>
            list.Add((Convert.ToHexString(key), delete ? null : Convert.ToHexString(value))));
        return ops;
    }

    private static WriteBatch Batch((bool Delete, byte[] Key, byte[] Value)[] operations)
    {
        var batch = new WriteBatch();
        foreach (var (delete, key, value) in operations)
        {
            if (delete)
            {
                batch.Delete(ColumnFamily.Data, key);
            }
            else
            {
                batch.Put(ColumnFamily.Data, key, value);
            }
        }

        return batch;
    }

    [Fact]
    public void Encode_then_visit_gives_the_operations_in_order_with_exact_bytes()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Data, [1, 2], [0xAA]);
        batch.Delete(ColumnFamily.Data, [3]);
        batch.Put(ColumnFamily.Data, [1, 2], []);
        var command = PartitionCommand.Encode(batch);

        Assert.Equal(
            [1, 0, 0, 0, 3, 0, 0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 0xAA, 1, 0, 0, 0, 1, 3, 0, 0, 0, 0, 2, 1, 2, 0, 0, 0, 0],
            command);
        Assert.Equal([("0102", "AA"), ("03", null), ("0102", "")], Decode(command));
    }

    [Fact]
    public void Any_batch_round_trips_and_appends_back_to_the_same_batch()
    {
        Operations.Sample(operations =>
        {
            var command = PartitionCommand.Encode(Batch(operations));
            Assert.Equal(operations.Select(o => (Convert.ToHexString(o.Key), o.Delete ? null : Convert.ToHexString(o.Value))).ToList(), Decode(command));

            var again = new WriteBatch();
            PartitionCommand.AppendTo(command, again);
            Assert.Equal(command, PartitionCommand.Encode(again));
        });
    }

    [Fact]
    public void An_empty_command_is_a_no_op_and_an_empty_batch_encodes_to_a_header()
    {
        Assert.Empty(Decode([]));
        var empty = PartitionCommand.Encode(new WriteBatch());
        Assert.Equal([1, 0, 0, 0, 0], empty);
        Assert.Empty(Decode(empty));
    }

    [Fact]
    public void Only_the_data_column_family_may_be_encoded()
    {
        var batch = new WriteBatch();
        batch.Put(ColumnFamily.Log, [1], [2]);
        Assert.Throws<ArgumentException>(() => PartitionCommand.Encode(batch));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0 }, "format")]
    [InlineData(new byte[] { 1, 0, 0 }, "format")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1 }, "truncated")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 7, 0, 0, 0, 0 }, "operation 7")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 1, 0, 0 }, "inside a length")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 1, 0, 0, 0, 9, 1 }, "runs past the end")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 1 }, "runs past the end")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 5 }, "inside a length")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 9 }, "Trailing")]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0 }, "truncated")]
    public void Malformed_commands_are_corrupt_data(byte[] command, string message)
    {
        var e = Assert.Throws<CorruptDataException>(() => PartitionCommand.Validate(command));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_strict_prefix_of_a_command_is_corrupt()
    {
        Operations.Where(o => o.Length > 0).Sample(operations =>
        {
            var command = PartitionCommand.Encode(Batch(operations));
            for (var length = 1; length < command.Length; length++)
            {
                Assert.Throws<CorruptDataException>(() => PartitionCommand.Validate(command.AsSpan(0, length)));
            }
        });
    }

    [Fact]
    public void A_damaged_command_is_either_well_formed_or_corrupt_data_never_another_exception()
    {
        Gen.Select(Operations, Gen.Int[0, 1000], Gen.Byte).Sample((operations, at, value) =>
        {
            var command = PartitionCommand.Encode(Batch(operations));
            command[at % command.Length] = value;
            if (command.Length >= 5 && at % command.Length is >= 1 and <= 4)
            {
                // A damaged count names more or fewer operations than there are.
                var count = BinaryPrimitives.ReadUInt32BigEndian(command.AsSpan(1));
                if (count != (uint)operations.Length)
                {
                    Assert.Throws<CorruptDataException>(() => PartitionCommand.Validate(command));
                    return;
                }
            }

            try
            {
                PartitionCommand.Validate(command);
            }
            catch (CorruptDataException)
            {
            }
        });
    }
}
