using System.Net;
using System.Net.Sockets;
using System.Text;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>The load generator's HTTP/1.1 connection against a scripted server on loopback.</summary>
public sealed class HttpConnectionTests
{
    [Fact]
    public async Task KeepAliveChunkedAndCloseResponsesAreReadAndTheConnectionIsReopened()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var responses = new[]
        {
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 7\r\n\r\n{\"x\":1}",
            "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nfourth",
        };
        var server = ServeAsync(listener, responses, TestContext.Current.CancellationToken);
        using var connection = new HttpConnection(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port), initialBufferSize: 16);
        var request = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        var bodies = new List<(int, string)>();
        for (var i = 0; i < responses.Length; i++)
        {
            var exchange = await connection.SendAsync(request, TestContext.Current.CancellationToken);
            bodies.Add((exchange.Status, Encoding.ASCII.GetString(exchange.Body.Span)));
        }

        Assert.Equal([(200, "first"), (200, "second"), (400, "{\"x\":1}"), (200, "fourth")], bodies);
        Assert.Equal(2, connection.Connects);
        Assert.Equal(4, await server);
    }

    /// <summary>Answers each request (a head ending in a blank line) with the next scripted response; closes after "Connection: close".</summary>
    private static async Task<int> ServeAsync(TcpListener listener, string[] responses, CancellationToken cancellationToken)
    {
        var answered = 0;
        while (answered < responses.Length)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var pending = string.Empty;
            while (answered < responses.Length)
            {
                while (!pending.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        return answered;
                    }

                    pending += Encoding.ASCII.GetString(buffer, 0, read);
                }

                pending = pending[(pending.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
                var response = responses[answered++];
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
                if (response.Contains("Connection: close", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return answered;
    }
}
