using System.Diagnostics.CodeAnalysis;

namespace Basalt.Api.Protocol;

/// <summary>Operations by name, looked up without allocating from the X-Amz-Target header.</summary>
public sealed class OperationRegistry
{
    private readonly Dictionary<string, IOperation> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IOperation>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public OperationRegistry(IEnumerable<IOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            _operations.Add(operation.Name, operation);
        }

        _lookup = _operations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IEnumerable<string> Names => _operations.Keys;

    public bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out IOperation? operation) =>
        _lookup.TryGetValue(name, out operation);
}
