using System.Net;
using System.Text.Json;

namespace Basalt.Api.Tests.Replicas;

/// <summary>One storage node as <c>GET /_basalt/nodes</c> lists it.</summary>
internal sealed record NodeState(ulong Id, bool Running, int Replicas, int Leaders);

/// <summary>The node admin endpoint of a server over HTTP: status, stop, start (each answers with the status JSON).</summary>
internal sealed class NodeAdminClient(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server };

    public Task<(HttpStatusCode Status, IReadOnlyList<NodeState> Nodes)> StatusAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/_basalt/nodes", ct);

    public Task<(HttpStatusCode Status, IReadOnlyList<NodeState> Nodes)> StopAsync(ulong id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/_basalt/nodes/{id}/stop", ct);

    public Task<(HttpStatusCode Status, IReadOnlyList<NodeState> Nodes)> StartAsync(ulong id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/_basalt/nodes/{id}/start", ct);

    /// <summary>A raw request (for the error cases): status code and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> RawAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await _http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, IReadOnlyList<NodeState> Nodes)> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        var (status, body) = await RawAsync(method, path, ct);
        if (status != HttpStatusCode.OK)
        {
            return (status, []);
        }

        using var json = JsonDocument.Parse(body);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => new NodeState(n.GetProperty("id").GetUInt64(), n.GetProperty("running").GetBoolean(), n.GetProperty("replicas").GetInt32(), n.GetProperty("leaders").GetInt32()))
            .ToList();
        return (status, nodes);
    }
}
