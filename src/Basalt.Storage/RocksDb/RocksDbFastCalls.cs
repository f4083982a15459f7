using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Basalt.Storage;

/// <summary>
/// Direct unmanaged function pointers into the librocksdb that RocksDbSharp loaded, for the hot paths (point
/// reads and cursor steps). RocksDbSharp calls through generated delegates, which cost tens of nanoseconds per
/// call; a range scan makes four calls per entry. Falls back to RocksDbSharp when the library path is unknown.
/// </summary>
internal static unsafe class RocksDbFastCalls
{
    private static readonly delegate* unmanaged<nint, void> SeekToFirst;
    private static readonly delegate* unmanaged<nint, void> SeekToLast;
    private static readonly delegate* unmanaged<nint, void> Next;
    private static readonly delegate* unmanaged<nint, void> Prev;
    private static readonly delegate* unmanaged<nint, byte> Valid;
    private static readonly delegate* unmanaged<nint, nuint*, byte*> IterKey;
    private static readonly delegate* unmanaged<nint, nuint*, byte*> IterValue;
    private static readonly delegate* unmanaged<nint, nint, nint, byte*, nuint, nuint*, nint*, byte*> GetCf;
    private static readonly delegate* unmanaged<void*, void> Free;

    static RocksDbFastCalls()
    {
        _ = Native.Instance; // loads the library and records its path
        string? path = NativeImport.Auto.LoadedPath;
        if (string.IsNullOrEmpty(path) || !NativeLibrary.TryLoad(path, out nint library))
        {
            return;
        }

        try
        {
            SeekToFirst = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rocksdb_iter_seek_to_first");
            SeekToLast = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rocksdb_iter_seek_to_last");
            Next = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rocksdb_iter_next");
            Prev = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rocksdb_iter_prev");
            Valid = (delegate* unmanaged<nint, byte>)NativeLibrary.GetExport(library, "rocksdb_iter_valid");
            IterKey = (delegate* unmanaged<nint, nuint*, byte*>)NativeLibrary.GetExport(library, "rocksdb_iter_key");
            IterValue = (delegate* unmanaged<nint, nuint*, byte*>)NativeLibrary.GetExport(library, "rocksdb_iter_value");
            GetCf = (delegate* unmanaged<nint, nint, nint, byte*, nuint, nuint*, nint*, byte*>)NativeLibrary.GetExport(library, "rocksdb_get_cf");
            Free = (delegate* unmanaged<void*, void>)NativeLibrary.GetExport(library, "rocksdb_free");
            Enabled = true;
        }
        catch (EntryPointNotFoundException)
        {
            Enabled = false;
        }
    }

    /// <summary>True when the direct function pointers are in use.</summary>
    public static bool Enabled { get; }

    public static void IterSeekToFirst(nint iterator)
    {
        if (Enabled)
        {
            SeekToFirst(iterator);
        }
        else
        {
            Native.Instance.rocksdb_iter_seek_to_first(iterator);
        }
    }

    public static void IterSeekToLast(nint iterator)
    {
        if (Enabled)
        {
            SeekToLast(iterator);
        }
        else
        {
            Native.Instance.rocksdb_iter_seek_to_last(iterator);
        }
    }

    public static void IterNext(nint iterator)
    {
        if (Enabled)
        {
            Next(iterator);
        }
        else
        {
            Native.Instance.rocksdb_iter_next(iterator);
        }
    }

    public static void IterPrev(nint iterator)
    {
        if (Enabled)
        {
            Prev(iterator);
        }
        else
        {
            Native.Instance.rocksdb_iter_prev(iterator);
        }
    }

    public static bool IterValid(nint iterator) => (Enabled ? Valid(iterator) : Native.Instance.rocksdb_iter_valid(iterator)) != 0;

    public static byte* IterKeyOf(nint iterator, out nuint length)
    {
        if (Enabled)
        {
            nuint l;
            byte* key = IterKey(iterator, &l);
            length = l;
            return key;
        }

        return (byte*)Native.Instance.rocksdb_iter_key(iterator, out length);
    }

    public static byte* IterValueOf(nint iterator, out nuint length)
    {
        if (Enabled)
        {
            nuint l;
            byte* value = IterValue(iterator, &l);
            length = l;
            return value;
        }

        return (byte*)Native.Instance.rocksdb_iter_value(iterator, out length);
    }

    /// <summary>rocksdb_get_cf copying the value into a managed array; null when absent; throws on error.</summary>
    public static byte[]? Get(nint db, nint readOptions, nint columnFamily, ReadOnlySpan<byte> key)
    {
        nuint length;
        nint error = 0;
        byte* value;
        fixed (byte* k = key)
        {
            value = Enabled
                ? GetCf(db, readOptions, columnFamily, k, (nuint)key.Length, &length, &error)
                : (byte*)Native.Instance.rocksdb_get_cf(db, readOptions, columnFamily, k, (nuint)key.Length, out length, out error);
        }

        if (error != 0)
        {
            string message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
            FreeMemory((void*)error);
            throw new IOException($"RocksDB read failed: {message}");
        }

        if (value is null)
        {
            return null;
        }

        try
        {
            return new ReadOnlySpan<byte>(value, checked((int)length)).ToArray();
        }
        finally
        {
            FreeMemory(value);
        }
    }

    private static void FreeMemory(void* memory)
    {
        if (Enabled)
        {
            Free(memory);
        }
        else
        {
            Native.Instance.rocksdb_free((nint)memory);
        }
    }
}
