namespace Basalt.Model;

/// <summary>Deep equality and hashing of attribute values (sets as sets, numbers numerically).</summary>
public static class AttributeValueEquality
{
    /// <summary>Above this many elements, set comparison uses a hash set instead of nested loops.</summary>
    private const int SmallSetLimit = 16;

    public static bool AreEqual(AttributeValue? a, AttributeValue? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case AttributeKind.S:
                return string.Equals(a.S, b.S, StringComparison.Ordinal);
            case AttributeKind.N:
                return a.N == b.N;
            case AttributeKind.B:
                return a.B.AsSpan().SequenceEqual(b.B);
            case AttributeKind.BOOL:
                return a.Bool == b.Bool;
            case AttributeKind.NULL:
                return true;
            case AttributeKind.M:
                return MapsEqual(a.M!, b.M!);
            case AttributeKind.L:
                return ListsEqual(a.L!, b.L!);
            case AttributeKind.SS:
                return SetsEqual(a.SS!, b.SS!, StringComparer.Ordinal);
            case AttributeKind.NS:
                return SetsEqual(a.NS!, b.NS!, EqualityComparer<DynamoNumber>.Default);
            case AttributeKind.BS:
                return SetsEqual(a.BS!, b.BS!, ByteArrayComparer.Instance);
            default:
                return false;
        }
    }

    public static int Hash(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int kind = (int)value.Kind;
        switch (value.Kind)
        {
            case AttributeKind.S:
                return HashCode.Combine(kind, StringComparer.Ordinal.GetHashCode(value.S!));
            case AttributeKind.N:
                return HashCode.Combine(kind, value.N);
            case AttributeKind.B:
                return HashCode.Combine(kind, ByteArrayComparer.Instance.GetHashCode(value.B!));
            case AttributeKind.BOOL:
                return HashCode.Combine(kind, value.Bool);
            case AttributeKind.NULL:
                return kind;
            case AttributeKind.M:
            {
                // Order-independent: sum of per-entry hashes.
                int sum = 0;
                foreach (KeyValuePair<string, AttributeValue> entry in value.M!)
                {
                    sum += HashCode.Combine(StringComparer.Ordinal.GetHashCode(entry.Key), Hash(entry.Value));
                }

                return HashCode.Combine(kind, value.M.Count, sum);
            }

            case AttributeKind.L:
            {
                var hash = default(HashCode);
                hash.Add(kind);
                IReadOnlyList<AttributeValue> list = value.L!;
                for (int i = 0; i < list.Count; i++)
                {
                    hash.Add(Hash(list[i]));
                }

                return hash.ToHashCode();
            }

            case AttributeKind.SS:
                return HashCode.Combine(kind, SetHash(value.SS!, StringComparer.Ordinal));
            case AttributeKind.NS:
                return HashCode.Combine(kind, SetHash(value.NS!, EqualityComparer<DynamoNumber>.Default));
            case AttributeKind.BS:
                return HashCode.Combine(kind, SetHash(value.BS!, ByteArrayComparer.Instance));
            default:
                return kind;
        }
    }

    private static bool MapsEqual(IReadOnlyDictionary<string, AttributeValue> a, IReadOnlyDictionary<string, AttributeValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, AttributeValue> entry in a)
        {
            if (!b.TryGetValue(entry.Key, out AttributeValue? other) || !AreEqual(entry.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ListsEqual(IReadOnlyList<AttributeValue> a, IReadOnlyList<AttributeValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Set equality; elements of each side are distinct (validation guarantees it).</summary>
    private static bool SetsEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, IEqualityComparer<T> comparer)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        if (a.Count <= SmallSetLimit)
        {
            for (int i = 0; i < a.Count; i++)
            {
                bool found = false;
                for (int j = 0; j < b.Count; j++)
                {
                    if (comparer.Equals(a[i], b[j]))
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }

        var set = new HashSet<T>(b, comparer);
        for (int i = 0; i < a.Count; i++)
        {
            if (!set.Contains(a[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int SetHash<T>(IReadOnlyList<T> set, IEqualityComparer<T> comparer)
    {
        int sum = 0;
        for (int i = 0; i < set.Count; i++)
        {
            sum += comparer.GetHashCode(set[i]!);
        }

        return HashCode.Combine(set.Count, sum);
    }
}
