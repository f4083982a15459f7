namespace Basalt.Storage;

/// <summary>
/// A forward-only pass over a key range of a snapshot. Not thread-safe: use it from one thread at a time.
/// <see cref="Key"/> and <see cref="Value"/> are valid only until the next <see cref="MoveNext"/> or <see cref="IDisposable.Dispose"/>.
/// </summary>
public interface IStorageCursor : IDisposable
{
    /// <summary>Advances to the next entry in the cursor's direction; false when the range is exhausted.</summary>
    bool MoveNext();

    /// <summary>The key of the current entry.</summary>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The value of the current entry.</summary>
    ReadOnlySpan<byte> Value { get; }
}
