using System.Net;
using System.Text;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Cluster;

/// <summary>Whether a router serves DynamoDB: a signed ListTables answered with 200.</summary>
internal static class RouterProbe
{
    private static readonly byte[] ListTables = Encoding.ASCII.GetBytes("ListTables");

    /// <summary>Null when ListTables through <paramref name="router"/> succeeded; otherwise why not.</summary>
    public static async Task<string?> ProblemAsync(ClusterProcess router, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var connection = new HttpConnection(new IPEndPoint(IPAddress.Parse(router.Host), router.Port));
        using var writer = new SignedRequestWriter(new SigV4Signer("basalt-cluster", "basalt-cluster", "us-east-1"), $"{router.Host}:{router.Port}", TimeProvider.System);
        var body = "{}"u8;
        body.CopyTo(writer.Body);
        try
        {
            var response = await connection.SendAsync(writer.Encode(ListTables, body.Length), timeout.Token).ConfigureAwait(false);
            return response.Status == 200 ? null : $"{router.Name}: ListTables answered {response.Status}: {Encoding.UTF8.GetString(response.Body.Span)}";
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidDataException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return $"{router.Name}: {error.Message}";
        }
    }
}
