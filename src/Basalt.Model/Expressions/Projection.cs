namespace Basalt.Model.Expressions;

/// <summary>
/// Applies a ProjectionExpression (or AttributesToGet) to an item: the named attributes, and for
/// nested paths only the named parts, keeping the structure. List elements keep their order and
/// are compacted (a[2], a[0] of [x, y, z] gives [x, z]); paths that match nothing are left out.
/// </summary>
public static class Projection
{
    public static Item Apply(IReadOnlyDictionary<string, AttributeValue> item, IReadOnlyList<DocumentPath> paths)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(paths);
        var result = new Item(paths.Count);
        var allTopLevel = true;
        foreach (var path in paths)
        {
            allTopLevel &= path.IsTopLevel;
        }

        if (allTopLevel)
        {
            foreach (var path in paths)
            {
                if (item.TryGetValue(path.TopLevelName, out var value))
                {
                    result[path.TopLevelName] = value;
                }
            }

            return result;
        }

        var trie = new PathTrie<object>();
        foreach (var path in paths)
        {
            trie.Add(path, path);
        }

        foreach (var (name, child) in trie.Names!)
        {
            if (item.TryGetValue(name, out var value) && Project(child, value) is { } projected)
            {
                result[name] = projected;
            }
        }

        return result;
    }

    private static AttributeValue? Project(PathTrie<object> node, AttributeValue value)
    {
        if (node.IsLeaf)
        {
            return value;
        }

        if (node.Names is not null && value.Kind == AttributeKind.M)
        {
            Dictionary<string, AttributeValue>? map = null;
            foreach (var (name, child) in node.Names)
            {
                if (value.M!.TryGetValue(name, out var inner) && Project(child, inner) is { } projected)
                {
                    map ??= new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
                    map[name] = projected;
                }
            }

            return map is null ? null : AttributeValue.FromMap(map);
        }

        if (node.Indexes is not null && value.Kind == AttributeKind.L)
        {
            List<AttributeValue>? list = null;
            foreach (var (index, child) in node.Indexes)
            {
                if (index < value.L!.Count && Project(child, value.L[index]) is { } projected)
                {
                    list ??= [];
                    list.Add(projected);
                }
            }

            return list is null ? null : AttributeValue.FromList(list);
        }

        return null;
    }
}
