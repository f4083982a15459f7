using System.Buffers.Binary;
using System.Text;

namespace Basalt.Simulation.Clients;

/// <summary>The operations of the replicated key-value store.</summary>
public enum KvOp : byte
{
    Put = 1,
    Get = 2,
    Cas = 3,

    /// <summary>Partition mode: a conditional update that, when its condition fails, returns the value it saw.</summary>
    Update = 4,

    /// <summary>Partition mode: removes the item (succeeds whether or not it exists).</summary>
    Delete = 5,
}

/// <summary>
/// A client's request: which client and which of its operations (for at-most-once execution),
/// the op, key, new value and (for compare-and-set) the expected value (null = key absent).
/// </summary>
public sealed record KvCommand(int Client, long OpId, KvOp Op, string Key, string? Value, string? Expected)
{
    public byte[] Encode()
    {
        var key = Encoding.UTF8.GetBytes(Key);
        var value = Value is null ? null : Encoding.UTF8.GetBytes(Value);
        var expected = Expected is null ? null : Encoding.UTF8.GetBytes(Expected);
        var buffer = new byte[4 + 8 + 1 + (3 * 4) + key.Length + (value?.Length ?? 0) + (expected?.Length ?? 0)];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, Client);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], OpId);
        span[12] = (byte)Op;
        var offset = 13;
        foreach (var part in new[] { key, value, expected })
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], part?.Length ?? -1);
            offset += 4;
            part?.CopyTo(span[offset..]);
            offset += part?.Length ?? 0;
        }

        return buffer;
    }

    public static KvCommand Decode(ReadOnlySpan<byte> data)
    {
        var client = BinaryPrimitives.ReadInt32LittleEndian(data);
        var opId = BinaryPrimitives.ReadInt64LittleEndian(data[4..]);
        var op = (KvOp)data[12];
        var offset = 13;
        var parts = new string?[3];
        for (var i = 0; i < 3; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
            offset += 4;
            if (length >= 0)
            {
                parts[i] = Encoding.UTF8.GetString(data.Slice(offset, length));
                offset += length;
            }
        }

        return new KvCommand(client, opId, op, parts[0]!, parts[1], parts[2]);
    }
}

/// <summary>What an operation returned: for Get the value read, for Cas whether it swapped.</summary>
public readonly record struct KvResult(bool Ok, string? Value);
