namespace Basalt.Model.Expressions;

/// <summary>The outcome of applying an update to an item.</summary>
public sealed class UpdateResult(Item newItem, IReadOnlyList<DocumentPath> updatedPaths)
{
    /// <summary>The item after the update (a new object; the input is never modified).</summary>
    public Item NewItem { get; } = newItem;

    /// <summary>
    /// The paths the actions wrote, in order. ReturnValues UPDATED_OLD / UPDATED_NEW are
    /// <see cref="Projection.Apply"/> of these paths on the old / new item.
    /// </summary>
    public IReadOnlyList<DocumentPath> UpdatedPaths { get; } = updatedPaths;
}

/// <summary>
/// Applies an update to an item with DynamoDB's semantics. All right-hand sides are computed from
/// the item as it was before the update; list indexes refer to the original list (REMOVE of
/// elements shifts the rest, SET beyond the end appends in index order). Copy-on-write: only the
/// maps and lists along updated paths are copied.
/// </summary>
public static class UpdateApplier
{
    public const string MissingAttributeMessage = "The provided expression refers to an attribute that does not exist in the item";
    public const string IncorrectTypeMessage = "An operand in the update expression has an incorrect data type";
    public const string InvalidPathMessage = "The document path provided in the update expression is invalid for update";
    public const string LegacyTypeMismatchMessage = "Type mismatch for attribute to update";

    /// <summary>
    /// Applies <paramref name="update"/> to <paramref name="existingItem"/> (null or empty when the
    /// item does not exist; callers creating an item pass its key attributes so the update can
    /// read them).
    /// </summary>
    public static UpdateResult Apply(UpdateExpression update, IReadOnlyDictionary<string, AttributeValue>? existingItem)
    {
        ArgumentNullException.ThrowIfNull(update);
        var actions = update.Actions;
        var trie = new PathTrie<PendingAction>();
        var paths = new DocumentPath[actions.Count];
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            paths[i] = action.Path;
            var value = action.Kind == UpdateActionKind.Set ? Compute(action.Value!, existingItem) : null;
            trie.Add(action.Path, new PendingAction(action, value));
        }

        var newItem = existingItem is null ? new Item() : new Item(existingItem);
        if (trie.Names is not null)
        {
            foreach (var (name, node) in trie.Names)
            {
                var current = existingItem is not null && existingItem.TryGetValue(name, out var found) ? found : null;
                var outcome = ApplyNode(node, current, update.IsLegacy);
                if (outcome.Remove)
                {
                    newItem.Remove(name);
                }
                else if (outcome.Value is not null)
                {
                    newItem[name] = outcome.Value;
                }
            }
        }

        return new UpdateResult(newItem, paths);
    }

    private static Outcome ApplyNode(PathTrie<PendingAction> node, AttributeValue? current, bool legacy)
    {
        if (node.Payload is { } pending)
        {
            return ApplyAction(pending, current, legacy);
        }

        if (current is null)
        {
            throw new ValidationException(InvalidPathMessage);
        }

        if (node.Names is not null)
        {
            if (current.Kind != AttributeKind.M)
            {
                throw new ValidationException(InvalidPathMessage);
            }

            Dictionary<string, AttributeValue>? copy = null;
            foreach (var (name, child) in node.Names)
            {
                var inner = current.M!.TryGetValue(name, out var found) ? found : null;
                var outcome = ApplyNode(child, inner, legacy);
                if (outcome.Remove)
                {
                    if (inner is not null)
                    {
                        copy ??= new Dictionary<string, AttributeValue>(current.M, StringComparer.Ordinal);
                        copy.Remove(name);
                    }
                }
                else if (outcome.Value is not null)
                {
                    copy ??= new Dictionary<string, AttributeValue>(current.M, StringComparer.Ordinal);
                    copy[name] = outcome.Value;
                }
            }

            return copy is null ? Outcome.Unchanged : Outcome.Write(AttributeValue.FromMap(copy));
        }

        if (current.Kind != AttributeKind.L)
        {
            throw new ValidationException(InvalidPathMessage);
        }

        var original = current.L!;
        var list = new List<AttributeValue>(original.Count + node.Indexes!.Count);
        var changed = false;
        var next = 0;
        foreach (var (index, child) in node.Indexes)
        {
            if (index < original.Count)
            {
                while (next < index)
                {
                    list.Add(original[next++]);
                }

                var outcome = ApplyNode(child, original[index], legacy);
                next = index + 1;
                if (outcome.Remove)
                {
                    changed = true;
                }
                else if (outcome.Value is not null)
                {
                    list.Add(outcome.Value);
                    changed = true;
                }
                else
                {
                    list.Add(original[index]);
                }
            }
            else
            {
                while (next < original.Count)
                {
                    list.Add(original[next++]);
                }

                if (!child.IsLeaf)
                {
                    throw new ValidationException(InvalidPathMessage);
                }

                var outcome = ApplyAction(child.Payload!, null, legacy);
                if (outcome.Value is not null)
                {
                    list.Add(outcome.Value);
                    changed = true;
                }
            }
        }

        if (!changed)
        {
            return Outcome.Unchanged;
        }

        while (next < original.Count)
        {
            list.Add(original[next++]);
        }

        return Outcome.Write(AttributeValue.FromList(list));
    }

    private static Outcome ApplyAction(PendingAction pending, AttributeValue? current, bool legacy)
    {
        var action = pending.Action;
        switch (action.Kind)
        {
            case UpdateActionKind.Set:
                return Outcome.Write(pending.Value!);
            case UpdateActionKind.Remove:
                return current is null ? Outcome.Unchanged : Outcome.Removed;
            case UpdateActionKind.Add:
                return Outcome.Write(Add(current, action.Operand!, legacy));
            default:
                if (current is null)
                {
                    return Outcome.Unchanged;
                }

                var remaining = SetAlgebra.Difference(current, action.Operand!) ?? throw TypeMismatch(legacy);
                return remaining.Kind switch
                {
                    AttributeKind.SS when remaining.SS!.Count == 0 => Outcome.Removed,
                    AttributeKind.NS when remaining.NS!.Count == 0 => Outcome.Removed,
                    AttributeKind.BS when remaining.BS!.Count == 0 => Outcome.Removed,
                    _ => Outcome.Write(remaining),
                };
        }
    }

    private static AttributeValue Add(AttributeValue? current, AttributeValue operand, bool legacy)
    {
        if (current is null)
        {
            return operand;
        }

        if (current.Kind != operand.Kind)
        {
            throw TypeMismatch(legacy);
        }

        return current.Kind switch
        {
            AttributeKind.N => AttributeValue.FromNumber(DynamoNumber.Add(current.N, operand.N)),
            AttributeKind.L when legacy => AttributeValue.FromList([.. current.L!, .. operand.L!]),
            _ => SetAlgebra.Union(current, operand) ?? throw TypeMismatch(legacy),
        };
    }

    private static ValidationException TypeMismatch(bool legacy) =>
        new(legacy ? LegacyTypeMismatchMessage : IncorrectTypeMessage);

    /// <summary>Computes a SET right-hand side from the item before the update.</summary>
    private static AttributeValue Compute(UpdateValue value, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        switch (value)
        {
            case LiteralValue literal:
                return literal.Value;
            case PathValue path:
                return PathResolver.Resolve(item, path.Path) ?? throw new ValidationException(MissingAttributeMessage);
            case IfNotExistsValue ifNotExists:
                return PathResolver.Resolve(item, ifNotExists.Path) ?? Compute(ifNotExists.Fallback, item);
            case ListAppendValue append:
            {
                var first = Compute(append.First, item);
                var second = Compute(append.Second, item);
                if (first.Kind != AttributeKind.L || second.Kind != AttributeKind.L)
                {
                    throw new ValidationException(IncorrectTypeMessage);
                }

                return AttributeValue.FromList([.. first.L!, .. second.L!]);
            }

            case ArithmeticValue arithmetic:
            {
                var left = Compute(arithmetic.Left, item);
                var right = Compute(arithmetic.Right, item);
                if (left.Kind != AttributeKind.N || right.Kind != AttributeKind.N)
                {
                    throw new ValidationException(IncorrectTypeMessage);
                }

                return AttributeValue.FromNumber(arithmetic.IsAddition
                    ? DynamoNumber.Add(left.N, right.N)
                    : DynamoNumber.Subtract(left.N, right.N));
            }

            default:
                throw new ArgumentException("Unknown update value " + value.GetType().Name, nameof(value));
        }
    }

    private sealed class PendingAction(UpdateAction action, AttributeValue? value)
    {
        public UpdateAction Action { get; } = action;

        public AttributeValue? Value { get; } = value;
    }

    private readonly record struct Outcome(AttributeValue? Value, bool Remove)
    {
        public static Outcome Unchanged => default;

        public static Outcome Removed => new(null, true);

        public static Outcome Write(AttributeValue value) => new(value, false);
    }
}
