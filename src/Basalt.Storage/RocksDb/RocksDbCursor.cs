using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Basalt.Storage;

/// <summary>
/// A RocksDB iterator restricted by iterate_lower_bound / iterate_upper_bound. A RocksDB iterator reads the
/// implicit snapshot taken when it is created, so the cursor never sees later writes.
/// </summary>
internal sealed unsafe class RocksDbCursor : IStorageCursor
{
    private readonly RocksDbStorageEngine _engine;
    private readonly bool _reverse;
    private nint _iterator;
    private nint _readOptions;
    private byte* _lowerBound;
    private byte* _upperBound;
    private bool _started;
    private bool _valid;
    private byte* _key;
    private nuint _keyLength;
    private byte* _value;
    private nuint _valueLength;
    private bool _valueLoaded;
    private int _disposed;

    public RocksDbCursor(RocksDbStorageEngine engine, nint db, nint columnFamily, ReadOnlySpan<byte> lower, ReadOnlySpan<byte> upper, bool reverse)
    {
        _engine = engine;
        _reverse = reverse;
        bool empty = !upper.IsEmpty && lower.SequenceCompareTo(upper) >= 0;
        if (empty)
        {
            _started = true;
            return;
        }

        Native native = Native.Instance;
        _readOptions = native.rocksdb_readoptions_create();
        native.rocksdb_readoptions_set_verify_checksums(_readOptions, 1);
        if (!lower.IsEmpty)
        {
            _lowerBound = Copy(lower);
            native.rocksdb_readoptions_set_iterate_lower_bound(_readOptions, _lowerBound, (nuint)lower.Length);
        }

        if (!upper.IsEmpty)
        {
            _upperBound = Copy(upper);
            native.rocksdb_readoptions_set_iterate_upper_bound(_readOptions, _upperBound, (nuint)upper.Length);
        }

        _iterator = native.rocksdb_create_iterator_cf(db, _readOptions, columnFamily);
    }

    public ReadOnlySpan<byte> Key
    {
        get
        {
            ThrowIfNotPositioned();
            return new ReadOnlySpan<byte>(_key, checked((int)_keyLength));
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            ThrowIfNotPositioned();
            if (!_valueLoaded)
            {
                _value = RocksDbFastCalls.IterValueOf(_iterator, out _valueLength);
                _valueLoaded = true;
            }

            return new ReadOnlySpan<byte>(_value, checked((int)_valueLength));
        }
    }

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_iterator == 0)
        {
            return false;
        }

        _engine.EnterOperation();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_started)
            {
                _started = true;

                // With bounds set, SeekToFirst seeks to the lower bound and SeekToLast to the last key below the upper bound.
                if (_reverse)
                {
                    RocksDbFastCalls.IterSeekToLast(_iterator);
                }
                else
                {
                    RocksDbFastCalls.IterSeekToFirst(_iterator);
                }
            }
            else if (!_valid)
            {
                return false;
            }
            else if (_reverse)
            {
                RocksDbFastCalls.IterPrev(_iterator);
            }
            else
            {
                RocksDbFastCalls.IterNext(_iterator);
            }

            _valid = RocksDbFastCalls.IterValid(_iterator);
            _valueLoaded = false;
            if (_valid)
            {
                _key = RocksDbFastCalls.IterKeyOf(_iterator, out _keyLength);
            }
            else
            {
                ThrowIfIteratorFailed(Native.Instance);
            }

            return _valid;
        }
        finally
        {
            _engine.ExitOperation();
        }
    }

    public void Dispose()
    {
        // While the engine is being disposed it disposes every open cursor itself, after in-flight calls drain.
        if (!_engine.TryEnterOperation())
        {
            return;
        }

        try
        {
            DisposeIterator();
        }
        finally
        {
            _engine.ExitOperation();
        }
    }

    /// <summary>Releases the native iterator; the caller guarantees the database is still open.</summary>
    internal void DisposeIterator()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _valid = false;
        Native native = Native.Instance;
        if (_iterator != 0)
        {
            native.rocksdb_iter_destroy(_iterator);
            _iterator = 0;
        }

        if (_readOptions != 0)
        {
            native.rocksdb_readoptions_destroy(_readOptions);
            _readOptions = 0;
        }

        NativeMemory.Free(_lowerBound);
        NativeMemory.Free(_upperBound);
        _lowerBound = null;
        _upperBound = null;
        _engine.Unregister(this);
    }

    private static byte* Copy(ReadOnlySpan<byte> bytes)
    {
        byte* memory = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(memory, bytes.Length));
        return memory;
    }

    private void ThrowIfIteratorFailed(Native native)
    {
        native.rocksdb_iter_get_error(_iterator, out nint error);
        if (error != 0)
        {
            string message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
            native.rocksdb_free(error);
            throw new IOException($"RocksDB iteration failed: {message}");
        }
    }

    private void ThrowIfNotPositioned()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_valid)
        {
            throw new InvalidOperationException("The cursor is not positioned on an entry; call MoveNext first and check its result.");
        }
    }
}
