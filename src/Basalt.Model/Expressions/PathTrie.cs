namespace Basalt.Model.Expressions;

/// <summary>
/// Document paths arranged as a tree (map keys and list indexes as edges), so that updates and
/// projections visit every touched part of an item once.
/// </summary>
internal sealed class PathTrie<T>
    where T : class
{
    public T? Payload { get; private set; }

    public Dictionary<string, PathTrie<T>>? Names { get; private set; }

    public SortedDictionary<int, PathTrie<T>>? Indexes { get; private set; }

    public bool IsLeaf => Payload is not null;

    public void Add(DocumentPath path, T payload)
    {
        var node = this;
        foreach (var element in path.Elements)
        {
            node = node.Child(element);
        }

        node.Payload ??= payload;
    }

    private PathTrie<T> Child(PathElement element)
    {
        if (element.IsIndex)
        {
            Indexes ??= [];
            if (!Indexes.TryGetValue(element.Index, out var child))
            {
                child = new PathTrie<T>();
                Indexes.Add(element.Index, child);
            }

            return child;
        }

        Names ??= new Dictionary<string, PathTrie<T>>(StringComparer.Ordinal);
        if (!Names.TryGetValue(element.Name!, out var named))
        {
            named = new PathTrie<T>();
            Names.Add(element.Name!, named);
        }

        return named;
    }
}
