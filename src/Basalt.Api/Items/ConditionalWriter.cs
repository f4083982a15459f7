using Basalt.Api.Http;
using Basalt.Model;
using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>
/// The single-item write path shared by PutItem, UpdateItem and DeleteItem: under the key's latch,
/// on the partition leader, read the latest image, check the condition against it, compute the new
/// image, write it durably through the partition's log, and return both images.
/// </summary>
public static class ConditionalWriter
{
    public static async ValueTask<(StoredItem? Old, Item? New)> WriteAsync(
        ItemStore items,
        Tables.TableDefinition table,
        byte[] key,
        ConditionNode? condition,
        bool returnOldOnConditionFailure,
        Func<StoredItem?, Item?> compute,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(compute);
        return await items.WriteAsync(
            table,
            [key],
            session =>
            {
                var old = session.Read(key);
                if (condition is not null && !ConditionEvaluator.Evaluate(condition, old?.Item))
                {
                    throw new ConditionalCheckFailedException(returnOldOnConditionFailure ? old?.Item : null);
                }

                var updated = compute(old);
                if (updated is not null || old is not null)
                {
                    session.Stage(new PendingWrite(table, key, old, updated));
                }

                return (old, updated);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Write units for replacing <paramref name="old"/> by <paramref name="updated"/>: the larger image, in 1 KB units.</summary>
    public static double WriteUnits(StoredItem? old, Item? updated) =>
        Capacity.WriteUnits(Math.Max(old is null ? 0 : old.Size, updated is null ? 0 : ItemSize.Of(updated)));

    public static void CheckItemSize(Item item, string message = "Item size has exceeded the maximum allowed size")
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ItemSize.Of(item) > Limits.MaxItemSizeBytes)
        {
            throw new ValidationException(message);
        }
    }
}
