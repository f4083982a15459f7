using System.Buffers.Binary;
using Basalt.Model;
using Basalt.Storage;

namespace Basalt.Partition;

/// <summary>
/// The payload of a partition's log entry: the physical result of one or more writes the leader
/// evaluated (item images, index entries, stream records) as puts and deletes on the data column
/// family. Followers, restarts and restores apply it without evaluating anything.
/// Format version 1: <c>[1][count u32] { [op u8 (0 put, 1 delete)][key len u32][key][value len u32][value] }</c>.
/// </summary>
public static class PartitionCommand
{
    public const byte FormatVersion = 1;

    /// <summary>Encodes the data-column-family operations of <paramref name="batch"/>.</summary>
    public static byte[] Encode(WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var size = 5;
        for (var i = 0; i < batch.Count; i++)
        {
            CheckDataFamily(batch, i);
            size += 1 + 4 + batch.GetKey(i).Length + (batch.IsDelete(i) ? 0 : 4 + batch.GetValue(i).Length);
        }

        var buffer = new byte[size];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), (uint)batch.Count);
        var at = 5;
        for (var i = 0; i < batch.Count; i++)
        {
            var delete = batch.IsDelete(i);
            buffer[at++] = delete ? (byte)1 : (byte)0;
            at = WriteBlock(buffer, at, batch.GetKey(i));
            if (!delete)
            {
                at = WriteBlock(buffer, at, batch.GetValue(i));
            }
        }

        return buffer;
    }

    /// <summary>Calls <paramref name="visit"/> for every operation of an encoded command, in order (value null = delete).</summary>
    /// <exception cref="CorruptDataException">The command is malformed (unknown version or op, truncated, trailing bytes).</exception>
    public static void Visit<TState>(ReadOnlySpan<byte> command, ref TState state, Visitor<TState> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (command.Length == 0)
        {
            return;
        }

        if (command.Length < 5 || command[0] != FormatVersion)
        {
            throw new CorruptDataException($"Unknown partition command format {command[0]} (or a command of {command.Length} bytes).");
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(command[1..]);
        var at = 5;
        for (var i = 0u; i < count; i++)
        {
            if (at >= command.Length)
            {
                throw new CorruptDataException($"Partition command truncated at operation {i} of {count}.");
            }

            var op = command[at++];
            if (op > 1)
            {
                throw new CorruptDataException($"Unknown partition command operation {op}.");
            }

            var delete = op == 1;
            var key = ReadBlock(command, ref at);
            var value = delete ? default : ReadBlock(command, ref at);
            visit(ref state, key, value, delete);
        }

        if (at != command.Length)
        {
            throw new CorruptDataException("Trailing bytes after a partition command.");
        }
    }

    /// <summary>Throws <see cref="CorruptDataException"/> unless <paramref name="command"/> is well formed.</summary>
    public static void Validate(ReadOnlySpan<byte> command)
    {
        var none = 0;
        Visit(command, ref none, static (ref int _, ReadOnlySpan<byte> _, ReadOnlySpan<byte> _, bool _) => { });
    }

    /// <summary>Adds every operation of an encoded command to <paramref name="batch"/>.</summary>
    public static void AppendTo(ReadOnlySpan<byte> command, WriteBatch batch)
    {
        Visit(command, ref batch, static (ref WriteBatch b, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete) =>
        {
            if (delete)
            {
                b.Delete(ColumnFamily.Data, key);
            }
            else
            {
                b.Put(ColumnFamily.Data, key, value);
            }
        });
    }

    public delegate void Visitor<TState>(ref TState state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool delete);

    private static void CheckDataFamily(WriteBatch batch, int i)
    {
        if (batch.GetColumnFamily(i) != ColumnFamily.Data)
        {
            throw new ArgumentException("A partition command writes only the data column family.", nameof(batch));
        }
    }

    private static int WriteBlock(byte[] buffer, int at, ReadOnlySpan<byte> block)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), (uint)block.Length);
        block.CopyTo(buffer.AsSpan(at + 4));
        return at + 4 + block.Length;
    }

    private static ReadOnlySpan<byte> ReadBlock(ReadOnlySpan<byte> command, ref int at)
    {
        if (command.Length - at < 4)
        {
            throw new CorruptDataException("Partition command truncated inside a length.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(command[at..]);
        if (length > (uint)(command.Length - at - 4))
        {
            throw new CorruptDataException($"Partition command block of {length} bytes runs past the end.");
        }

        var block = command.Slice(at + 4, (int)length);
        at += 4 + (int)length;
        return block;
    }
}
