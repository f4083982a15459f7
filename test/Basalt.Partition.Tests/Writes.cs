using System.Text;
using Basalt.Storage;

namespace Basalt.Partition.Tests;

/// <summary>Leader-side evaluation as the server does it, reduced to puts and deletes of raw values.</summary>
internal static class Writes
{
    public static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    public static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);

    public static byte[] Command(string key, string? value)
    {
        var batch = new WriteBatch();
        if (value is null)
        {
            batch.Delete(ColumnFamily.Data, Key(key));
        }
        else
        {
            batch.Put(ColumnFamily.Data, Key(key), Encoding.UTF8.GetBytes(value));
        }

        return PartitionCommand.Encode(batch);
    }

    /// <summary>Takes the key's latch, checks the expected current value, proposes the new one (the latch is free again on return).</summary>
    public static async Task<Task<ProposalOutcome>> StartAsync(PartitionReplica leader, string key, string? value)
    {
        var term = leader.BeginWrite();
        using (await leader.Latches.AcquireAsync(Key(key)))
        {
            return leader.ProposeAsync(term, Command(key, value));
        }
    }

    /// <summary>Asserts that <paramref name="call"/> throws <typeparamref name="T"/> at once, before returning a task (nothing started).</summary>
    public static T Refuses<T>(Func<Task> call)
        where T : Exception
    {
        try
        {
            _ = call();
        }
        catch (T e)
        {
            return e;
        }

        throw Xunit.Sdk.FailException.ForFailure($"expected {typeof(T).Name} thrown before a task is returned");
    }

    /// <summary>The value of <paramref name="key"/> in a node's items (committed and applied only).</summary>
    public static string? Stored(IStorageEngine engine, string key) => Text(engine.Get(ColumnFamily.Data, Key(key)));
}
