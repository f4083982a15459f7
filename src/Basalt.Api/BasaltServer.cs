namespace Basalt.Api;

/// <summary>An embedded Basalt server: the DynamoDB HTTP API on Kestrel over a storage engine.</summary>
public sealed class BasaltServer : IAsyncDisposable
{
    private BasaltServer(Uri url) => Url = url;

    /// <summary>The bound base URL, e.g. http://127.0.0.1:8000/.</summary>
    public Uri Url { get; }

    /// <summary>Starts a server and returns once it accepts requests.</summary>
    public static Task<BasaltServer> StartAsync(BasaltServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromException<BasaltServer>(new NotImplementedException("BasaltServer is being built"));
    }

    /// <summary>Stops accepting requests, drains in-flight ones and closes storage.</summary>
    public Task StopAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
