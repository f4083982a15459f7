using System.Text;

namespace Basalt.Model.Expressions;

/// <summary>One step of a document path: a map key (attribute name) or a list index.</summary>
public readonly struct PathElement : IEquatable<PathElement>
{
    private PathElement(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The attribute or map key name; null for a list index.</summary>
    public string? Name { get; }

    /// <summary>The list index; -1 for a name.</summary>
    public int Index { get; }

    public bool IsIndex => Name is null;

    public static PathElement Attribute(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), -1);

    public static PathElement ListIndex(int index) => index >= 0
        ? new PathElement(null, index)
        : throw new ArgumentOutOfRangeException(nameof(index));

    public bool Equals(PathElement other) => Index == other.Index && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PathElement other && Equals(other);

    public override int GetHashCode() => Name is null ? Index : StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>DynamoDB's rendering in messages: the name, or [index].</summary>
    public override string ToString() => Name ?? "[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    public static bool operator ==(PathElement left, PathElement right) => left.Equals(right);

    public static bool operator !=(PathElement left, PathElement right) => !left.Equals(right);
}

/// <summary>
/// A resolved document path such as <c>a.b[3].c</c>: the first element is always a top-level
/// attribute name; #name placeholders are already replaced by the names they stand for.
/// </summary>
public sealed class DocumentPath : IEquatable<DocumentPath>
{
    private readonly PathElement[] elements;

    public DocumentPath(IReadOnlyList<PathElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Count == 0 || elements[0].IsIndex)
        {
            throw new ArgumentException("A document path starts with an attribute name.", nameof(elements));
        }

        this.elements = [.. elements];
    }

    /// <summary>A path naming one top-level attribute.</summary>
    public static DocumentPath TopLevel(string name) => new([PathElement.Attribute(name)]);

    public IReadOnlyList<PathElement> Elements => elements;

    public int Count => elements.Length;

    public PathElement this[int index] => elements[index];

    /// <summary>The top-level attribute the path starts at.</summary>
    public string TopLevelName => elements[0].Name!;

    public bool IsTopLevel => elements.Length == 1;

    public bool Equals(DocumentPath? other)
    {
        if (other is null || other.elements.Length != elements.Length)
        {
            return false;
        }

        for (var i = 0; i < elements.Length; i++)
        {
            if (!elements[i].Equals(other.elements[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is DocumentPath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var element in elements)
        {
            hash.Add(element);
        }

        return hash.ToHashCode();
    }

    /// <summary>DynamoDB's rendering in messages, e.g. <c>[a, b, [3]]</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < elements.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(elements[i].ToString());
        }

        return builder.Append(']').ToString();
    }
}
