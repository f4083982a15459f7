namespace Basalt.Node.Transport;

/// <summary>What a <see cref="GrpcNodeTransport"/> has sent to one peer since it started.</summary>
/// <param name="Peer">The peer's node id.</param>
/// <param name="Connected">Whether the last batch reached the peer's connection (false while backing off).</param>
/// <param name="MessagesSent">Messages written to the peer's call.</param>
/// <param name="BatchesSent">Batches (protobuf frames) written; messages per batch is the ratio.</param>
/// <param name="MessagesDropped">Messages dropped: the peer was unreachable, or its queue was full.</param>
/// <param name="Connects">Calls opened to the peer.</param>
/// <param name="Failures">Calls that broke (connection refused or lost, write timed out, refused by the peer).</param>
public sealed record PeerStats(ulong Peer, bool Connected, long MessagesSent, long BatchesSent, long MessagesDropped, long Connects, long Failures);
