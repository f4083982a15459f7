using System.Text.Json;
using Basalt.Node.Transport;

namespace Basalt.Node.Hosting;

/// <summary>
/// The status of a storage-node process as JSON (<c>GET /_basalt/node</c>): its id and zone, each
/// hosted group's replica (role, term, leader, commit and applied indexes) and each peer's transport
/// counters.
/// </summary>
internal static class NodeStatus
{
    public static void Write(Utf8JsonWriter json, NodeHostOptions options, StorageNode node, GrpcNodeTransport transport, NodeServer? server)
    {
        json.WriteStartObject();
        json.WriteNumber("id", node.Id);
        json.WriteString("zone", options.Zone);
        json.WriteBoolean("stopped", node.IsStopped);
        json.WriteStartArray("groups");
        foreach (var replica in node.Replicas.OrderBy(r => r.Group))
        {
            json.WriteStartObject();
            json.WriteNumber("group", replica.Group);
            json.WriteString("role", replica.Role.ToString());
            json.WriteNumber("term", replica.Term);
            json.WriteNumber("leader", replica.LeaderHint);
            json.WriteBoolean("serving", replica.IsServing);
            json.WriteNumber("commit", replica.CommitIndex);
            json.WriteNumber("applied", replica.AppliedIndex);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("peers");
        foreach (var peer in transport.Stats)
        {
            json.WriteStartObject();
            json.WriteNumber("id", peer.Peer);
            json.WriteBoolean("connected", peer.Connected);
            json.WriteNumber("messagesSent", peer.MessagesSent);
            json.WriteNumber("batchesSent", peer.BatchesSent);
            json.WriteNumber("messagesDropped", peer.MessagesDropped);
            json.WriteNumber("connects", peer.Connects);
            json.WriteNumber("failures", peer.Failures);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (server is not null)
        {
            json.WriteNumber("messagesReceived", server.Receiver.Messages);
            json.WriteNumber("batchesReceived", server.Receiver.Batches);
        }

        json.WriteEndObject();
    }
}
