namespace Basalt.Model.Expressions;

/// <summary>Reads the value at a document path of an item (null when anything along the way is missing).</summary>
public static class PathResolver
{
    public static AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item, DocumentPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (item is null || !item.TryGetValue(path.TopLevelName, out var current))
        {
            return null;
        }

        for (var i = 1; i < path.Count; i++)
        {
            var element = path[i];
            if (element.IsIndex)
            {
                if (current.Kind != AttributeKind.L || element.Index >= current.L!.Count)
                {
                    return null;
                }

                current = current.L[element.Index];
            }
            else
            {
                if (current.Kind != AttributeKind.M || !current.M!.TryGetValue(element.Name!, out var next))
                {
                    return null;
                }

                current = next;
            }
        }

        return current;
    }
}
