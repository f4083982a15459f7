using System.Text.Json;
using Basalt.Api.Replicas;
using Basalt.Replication;
using Microsoft.AspNetCore.Http;

namespace Basalt.Api.Http;

/// <summary>
/// The storage-node admin operations of a server (not part of the DynamoDB API):
/// <c>GET /_basalt/nodes</c> lists the nodes (id, running, replicas, leaders);
/// <c>POST /_basalt/nodes/{id}/stop</c> stops a node (its replicas stop voting, leading and applying;
/// the others elect leaders and go on serving); <c>POST /_basalt/nodes/{id}/start</c> starts it again
/// (its replicas reopen from its log and catch up). When the server verifies signatures
/// (<c>--auth</c>), these unsigned operations answer only clients on the loopback interface.
/// </summary>
public static class NodeAdminEndpoint
{
    public const string Path = "/_basalt/nodes";

    public static async Task HandleAsync(HttpContext http, ReplicaCluster cluster, bool loopbackOnly)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(cluster);
        if (loopbackOnly && http.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("The node admin operations answer only loopback clients when --auth is set.\n", http.RequestAborted).ConfigureAwait(false);
            return;
        }
        var segments = (http.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 && HttpMethods.IsGet(http.Request.Method))
        {
            await WriteStatusAsync(http, cluster).ConfigureAwait(false);
            return;
        }

        if (segments.Length == 2 && HttpMethods.IsPost(http.Request.Method) && ulong.TryParse(segments[0], out var id)
            && id >= 1 && id <= (ulong)cluster.ReplicaCount && segments[1] is "stop" or "start")
        {
            if (segments[1] == "stop")
            {
                await cluster.StopNodeAsync(id).ConfigureAwait(false);
            }
            else
            {
                await cluster.StartNodeAsync(id).ConfigureAwait(false);
            }

            await WriteStatusAsync(http, cluster).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(
            $"Use GET {Path}, or POST {Path}/{{1..{cluster.ReplicaCount}}}/stop or /start.\n",
            http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(HttpContext http, ReplicaCluster cluster)
    {
        http.Response.ContentType = "application/json";
        var json = new JsonWriterOptions { Indented = true };
        await using var writer = new Utf8JsonWriter(http.Response.Body, json);
        writer.WriteStartObject();
        writer.WriteStartArray("nodes");
        for (var id = 1UL; id <= (ulong)cluster.ReplicaCount; id++)
        {
            var node = cluster.Node(id);
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteBoolean("running", node is not null);
            writer.WriteNumber("replicas", node?.Replicas.Count ?? 0);
            writer.WriteNumber("leaders", node?.Replicas.Count(r => r.Role == RaftRole.Leader) ?? 0);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
