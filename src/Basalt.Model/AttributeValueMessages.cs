namespace Basalt.Model;

/// <summary>DynamoDB's exact messages for malformed attribute values.</summary>
public static class AttributeValueMessages
{
    public const string Empty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";

    public const string MoreThanOneType = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";

    public const string InvalidPrefix = "One or more parameter values were invalid: ";

    // DynamoDB's own grammar and double space.
    public const string EmptyStringSet = InvalidPrefix + "An string set  may not be empty";

    public const string EmptyNumberSet = InvalidPrefix + "An number set  may not be empty";

    public const string EmptyBinarySet = InvalidPrefix + "Binary sets should not be empty";

    public const string NullNotTrue = InvalidPrefix + "Null attribute value types must have the value of true";

    public const string NumberSetDuplicates = InvalidPrefix + "Input collection contains duplicates.";

    public const string NestingTooDeep = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

    /// <summary>
    /// The duplicate-member message for a string set, as DynamoDB renders it: the members in order
    /// up to the first repeat, then the repeat, then the rest as sent, each quoted.
    /// </summary>
    public static string StringSetDuplicates(IReadOnlyList<string> members, int repeatIndex)
    {
        ArgumentNullException.ThrowIfNull(members);
        var sorted = new List<string>(repeatIndex);
        for (int i = 0; i < repeatIndex; i++)
        {
            sorted.Add(members[i]);
        }

        sorted.Sort(StringComparer.Ordinal);
        var text = new System.Text.StringBuilder(InvalidPrefix).Append("Input collection [");
        bool first = true;
        void Append(string member)
        {
            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            text.Append('"').Append(member).Append('"');
        }

        foreach (string member in sorted)
        {
            Append(member);
        }

        for (int i = repeatIndex; i < members.Count; i++)
        {
            Append(members[i]);
        }

        return text.Append("] contains duplicates.").ToString();
    }

    /// <summary>The duplicate-member message for a binary set (members base64, unsigned byte order, no spaces).</summary>
    public static string BinarySetDuplicates(IReadOnlyList<byte[]> members, int repeatIndex)
    {
        ArgumentNullException.ThrowIfNull(members);
        var sorted = new List<byte[]>(repeatIndex);
        for (int i = 0; i < repeatIndex; i++)
        {
            sorted.Add(members[i]);
        }

        sorted.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        var text = new System.Text.StringBuilder(InvalidPrefix).Append("Input collection [");
        bool first = true;
        void Append(byte[] member)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append('"').Append(Convert.ToBase64String(member)).Append('"');
        }

        foreach (byte[] member in sorted)
        {
            Append(member);
        }

        for (int i = repeatIndex; i < members.Count; i++)
        {
            Append(members[i]);
        }

        return text.Append("]of type BS contains duplicates.").ToString();
    }
}
