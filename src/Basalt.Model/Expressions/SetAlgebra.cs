namespace Basalt.Model.Expressions;

/// <summary>Union and difference of DynamoDB sets (SS, NS, BS), keeping first-seen order.</summary>
internal static class SetAlgebra
{
    /// <summary>a ∪ b, or null when they are not sets of the same type.</summary>
    public static AttributeValue? Union(AttributeValue a, AttributeValue b)
    {
        if (a.Kind != b.Kind)
        {
            return null;
        }

        switch (a.Kind)
        {
            case AttributeKind.SS:
            {
                var result = new List<string>(a.SS!);
                var seen = new HashSet<string>(a.SS!, StringComparer.Ordinal);
                foreach (var s in b.SS!)
                {
                    if (seen.Add(s))
                    {
                        result.Add(s);
                    }
                }

                return AttributeValue.FromStringSet(result);
            }

            case AttributeKind.NS:
            {
                var result = new List<DynamoNumber>(a.NS!);
                var seen = new HashSet<DynamoNumber>(a.NS!);
                foreach (var n in b.NS!)
                {
                    if (seen.Add(n))
                    {
                        result.Add(n);
                    }
                }

                return AttributeValue.FromNumberSet(result);
            }

            case AttributeKind.BS:
            {
                var result = new List<byte[]>(a.BS!);
                var seen = new HashSet<byte[]>(a.BS!, ByteArrayComparer.Instance);
                foreach (var bytes in b.BS!)
                {
                    if (seen.Add(bytes))
                    {
                        result.Add(bytes);
                    }
                }

                return AttributeValue.FromBinarySet(result);
            }

            default:
                return null;
        }
    }

    /// <summary>a \ b (possibly empty), or null when they are not sets of the same type.</summary>
    public static AttributeValue? Difference(AttributeValue a, AttributeValue b)
    {
        if (a.Kind != b.Kind)
        {
            return null;
        }

        switch (a.Kind)
        {
            case AttributeKind.SS:
            {
                var remove = new HashSet<string>(b.SS!, StringComparer.Ordinal);
                return AttributeValue.FromStringSet(a.SS!.Where(s => !remove.Contains(s)).ToList());
            }

            case AttributeKind.NS:
            {
                var remove = new HashSet<DynamoNumber>(b.NS!);
                return AttributeValue.FromNumberSet(a.NS!.Where(n => !remove.Contains(n)).ToList());
            }

            case AttributeKind.BS:
            {
                var remove = new HashSet<byte[]>(b.BS!, ByteArrayComparer.Instance);
                return AttributeValue.FromBinarySet(a.BS!.Where(bytes => !remove.Contains(bytes)).ToList());
            }

            default:
                return null;
        }
    }
}
