namespace Basalt.Storage;

/// <summary>
/// An ordered list of puts and deletes applied atomically by <see cref="IStorageEngine.WriteAsync"/>.
/// Keys and values are copied into the batch, so the caller's buffers may be reused at once.
/// Later operations on the same key win. Not thread-safe; reusable after <see cref="Clear"/>.
/// </summary>
public sealed class WriteBatch
{
    private const int OperationOverheadBytes = 24;

    private byte[] _buffer;
    private int _bufferLength;
    private Operation[] _operations;
    private int _count;

    public WriteBatch()
    {
        _buffer = new byte[256];
        _operations = new Operation[8];
    }

    /// <summary>The number of operations in the batch.</summary>
    public int Count => _count;

    /// <summary>Approximate size of the batch in bytes (keys, values and per-operation overhead).</summary>
    public long SizeInBytes => _bufferLength + ((long)_count * OperationOverheadBytes);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> in <paramref name="cf"/>.</summary>
    public void Put(ColumnFamily cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ValidateColumnFamily(cf);
        int keyOffset = Append(key);
        int valueOffset = Append(value);
        AddOperation(new Operation(cf, isDelete: false, keyOffset, key.Length, valueOffset, value.Length));
    }

    /// <summary>Removes <paramref name="key"/> from <paramref name="cf"/> (no effect when absent).</summary>
    public void Delete(ColumnFamily cf, ReadOnlySpan<byte> key)
    {
        ValidateColumnFamily(cf);
        int keyOffset = Append(key);
        AddOperation(new Operation(cf, isDelete: true, keyOffset, key.Length, 0, 0));
    }

    /// <summary>Removes every operation, keeping the allocated buffers.</summary>
    public void Clear()
    {
        _bufferLength = 0;
        _count = 0;
    }

    /// <summary>The column family of operation <paramref name="index"/>.</summary>
    public ColumnFamily GetColumnFamily(int index) => _operations[index].ColumnFamily;

    /// <summary>Whether operation <paramref name="index"/> is a delete.</summary>
    public bool IsDelete(int index) => _operations[index].IsDelete;

    /// <summary>The key (or value) of operation <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetKey(int index)
    {
        ref readonly Operation op = ref _operations[index];
        return _buffer.AsSpan(op.KeyOffset, op.KeyLength);
    }

    /// <summary>The key (or value) of operation <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetValue(int index)
    {
        ref readonly Operation op = ref _operations[index];
        return _buffer.AsSpan(op.ValueOffset, op.ValueLength);
    }

    private static void ValidateColumnFamily(ColumnFamily cf)
    {
        if ((uint)cf > (uint)ColumnFamily.Meta)
        {
            throw new ArgumentOutOfRangeException(nameof(cf), cf, "Unknown column family.");
        }
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        int offset = _bufferLength;
        int required = offset + bytes.Length;
        if (required > _buffer.Length)
        {
            int newSize = Math.Max(required, (int)Math.Min((long)_buffer.Length * 2, Array.MaxLength));
            Array.Resize(ref _buffer, newSize);
        }

        bytes.CopyTo(_buffer.AsSpan(offset));
        _bufferLength = required;
        return offset;
    }

    private void AddOperation(in Operation operation)
    {
        if (_count == _operations.Length)
        {
            Array.Resize(ref _operations, _operations.Length * 2);
        }

        _operations[_count++] = operation;
    }

    private readonly struct Operation(ColumnFamily cf, bool isDelete, int keyOffset, int keyLength, int valueOffset, int valueLength)
    {
        public ColumnFamily ColumnFamily { get; } = cf;

        public bool IsDelete { get; } = isDelete;

        public int KeyOffset { get; } = keyOffset;

        public int KeyLength { get; } = keyLength;

        public int ValueOffset { get; } = valueOffset;

        public int ValueLength { get; } = valueLength;
    }
}
