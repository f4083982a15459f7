using Basalt.Model;

namespace Basalt.Api.Items;

/// <summary>One entry a partition share of a Query or Scan evaluated: its storage key, its key map, whether the filter kept it, and the bytes it cost.</summary>
public sealed record ShareEntry(byte[] Key, Item LastKey, bool Matched, long Bytes);

/// <summary>
/// What a router's per-partition share of a Query or Scan asks of a page read: which entries of the
/// key range belong to the partition (a global index's entries of every partition share one key
/// range), and what to report so the router can merge the shares: the key of the last entry
/// evaluated and, when <see cref="RecordEntries"/>, every entry evaluated in order.
/// </summary>
public sealed class PageShare
{
    private byte[] _lastValue = [];
    private int _lastLength = -1;

    /// <summary>Whether a stored key belongs to the share's partition.</summary>
    public delegate bool KeyFilter(ReadOnlySpan<byte> key);

    public PageShare(KeyFilter? includes, bool recordEntries)
    {
        Includes = includes;
        RecordEntries = recordEntries;
    }

    /// <summary>Entries outside the partition are skipped (not evaluated, not counted); null keeps every entry.</summary>
    public KeyFilter? Includes { get; }

    public bool RecordEntries { get; }

    /// <summary>Every entry evaluated, in read order (when <see cref="RecordEntries"/>).</summary>
    public List<ShareEntry> Entries { get; } = [];

    /// <summary>The key map of the last entry evaluated, or null when none was.</summary>
    public Item? LastScannedKey { get; private set; }

    internal void Record(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Item? decoded, ReadTarget target, bool matched, long bytes)
    {
        if (RecordEntries)
        {
            Entries.Add(new ShareEntry(key.ToArray(), target.LastKeyOf(decoded ?? ItemCodec.Decode(value, out _)), matched, bytes));
            return;
        }

        if (_lastValue.Length < value.Length)
        {
            _lastValue = new byte[Math.Max(value.Length, _lastValue.Length * 2)];
        }

        value.CopyTo(_lastValue);
        _lastLength = value.Length;
    }

    internal void Finish(ReadTarget target)
    {
        if (RecordEntries)
        {
            LastScannedKey = Entries.Count == 0 ? null : Entries[^1].LastKey;
        }
        else if (_lastLength >= 0)
        {
            LastScannedKey = target.LastKeyOf(ItemCodec.Decode(_lastValue.AsSpan(0, _lastLength), out _));
        }
    }
}
