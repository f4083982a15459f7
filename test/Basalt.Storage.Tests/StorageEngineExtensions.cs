namespace Basalt.Storage.Tests;

internal static class StorageEngineExtensions
{
    public static async Task PutAsync(this IStorageEngine engine, ColumnFamily cf, byte[] key, byte[] value, bool sync = false)
    {
        var batch = new WriteBatch();
        batch.Put(cf, key, value);
        await engine.WriteAsync(batch, sync, TestContext.Current.CancellationToken);
    }

    public static async Task DeleteAsync(this IStorageEngine engine, ColumnFamily cf, byte[] key, bool sync = false)
    {
        var batch = new WriteBatch();
        batch.Delete(cf, key);
        await engine.WriteAsync(batch, sync, TestContext.Current.CancellationToken);
    }

    /// <summary>Reads every entry of a cursor (and disposes it) as (hex key, hex value) pairs.</summary>
    public static List<(string Key, string Value)> Scan(this IStorageEngine engine, ColumnFamily cf, byte[] lower, byte[] upper, bool reverse = false)
    {
        var result = new List<(string, string)>();
        using IStorageCursor cursor = engine.OpenCursor(cf, lower, upper, reverse);
        while (cursor.MoveNext())
        {
            result.Add((Convert.ToHexString(cursor.Key), Convert.ToHexString(cursor.Value)));
        }

        return result;
    }

    public static List<string> ScanKeys(this IStorageEngine engine, ColumnFamily cf, byte[] lower, byte[] upper, bool reverse = false)
        => engine.Scan(cf, lower, upper, reverse).ConvertAll(entry => entry.Key);
}
