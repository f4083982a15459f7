using System.Net;

namespace Basalt.Cli.Admin;

/// <summary>The storage-node admin endpoint of a Basalt server (<c>/_basalt/nodes</c>) over HTTP.</summary>
internal sealed class NodeAdminHttpClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The answer: success with the status JSON, or the server's status code and message.</summary>
    public sealed record Reply(HttpStatusCode Status, string Body)
    {
        public bool IsSuccess => Status == HttpStatusCode.OK;
    }

    public Task<Reply> StatusAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "_basalt/nodes", cancellationToken);

    /// <summary>POST <c>/_basalt/nodes/{id}/{action}</c>; <paramref name="action"/> is stop or start.</summary>
    public Task<Reply> ChangeAsync(ulong id, string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"_basalt/nodes/{id}/{action}", cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<Reply> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new Reply(response.StatusCode, body);
    }
}
