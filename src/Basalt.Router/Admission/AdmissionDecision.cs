namespace Basalt.Router.Admission;

/// <summary>
/// The outcome of an admission check: admitted (<see cref="Reason"/> is None) or throttled and why,
/// with the partition the request was charged to (null when it spans the table) and whether it was
/// admitted on the partition's banked capacity rather than the table bucket, so the debit after the
/// operation lands on the same buckets.
/// </summary>
public readonly record struct AdmissionDecision(ThrottleReason Reason, CapacityMode Mode, PartitionCapacity? Partition, bool OnPartitionBank)
{
    public bool Admitted => Reason == ThrottleReason.None;
}
