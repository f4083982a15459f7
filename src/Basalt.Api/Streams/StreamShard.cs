namespace Basalt.Api.Streams;

/// <summary>
/// One shard of a stream: the records of one table partition (a range of partition-key hashes,
/// inclusive) for a stretch of time. A shard is open until its partition splits or the stream is
/// disabled; then it gets an <see cref="EndingSequence"/> and its children (same hashes, split in
/// two) name it as parent. <see cref="TrimmedThrough"/> is the sequence number of the last record
/// removed by the 24-hour retention (0 when none).
/// </summary>
public sealed record StreamShard(
    int Index,
    string Id,
    int? ParentIndex,
    ulong HashLow,
    ulong HashHigh,
    ulong StartingSequence,
    ulong? EndingSequence,
    ulong TrimmedThrough)
{
    public bool IsOpen => EndingSequence is null;

    public bool Covers(ulong hash) => hash >= HashLow && hash <= HashHigh;
}
