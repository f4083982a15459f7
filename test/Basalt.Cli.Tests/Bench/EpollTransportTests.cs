using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Basalt.Api;
using Basalt.Cli.Bench;

namespace Basalt.Cli.Tests.Bench;

/// <summary>
/// The epoll transport (event-loop threads driving non-blocking sockets) against a scripted raw
/// server that answers in pieces and drops a connection, and against an in-process Basalt.
/// </summary>
[Collection(BenchRuns.Collection)]
public sealed class EpollTransportTests
{
    /// <summary>Server script: a response sent as separate writes, or null to close the connection without answering.</summary>
    private static readonly string[]?[] Script =
    [
        ["HTTP/1.1 200 OK\r\nContent-", "Length: 5\r\n\r\nfirst"],
        ["HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsec", "ond"],
        ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nthi", "\r\n2\r\nrd\r\n0\r\n", "\r\n"],
        ["HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 49\r\n\r\n", "{\"__type\":\"com.amazon.coral#ValidationException\"}"],
        ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfifth"],
        null,
        ["HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nseventh"],
    ];

    [Fact]
    public async Task ResponsesInPiecesAreReadAndClosedConnectionsAreReopened()
    {
        Assert.SkipUnless(Epoll.IsSupported, "epoll is Linux-only");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = ServeAsync(listener, TestContext.Current.CancellationToken);
        var seen = new List<(int, string)>();
        var worker = Worker(Script.Length, (_, status, body) => seen.Add((status, Encoding.ASCII.GetString(body))));
        var connection = new EpollConnection(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port), worker, initialBufferSize: 16);

        await new EpollLoop([connection], Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency).StartThread("test-loop");

        Assert.Equal(
            [(200, "first"), (200, "second"), (200, "third"), (400, "{\"__type\":\"com.amazon.coral#ValidationException\"}"), (200, "fifth"), (200, "seventh")],
            seen);
        Assert.Equal((7L, 5L), (worker.Completed, worker.Succeeded));
        Assert.Equal(new Dictionary<string, long> { ["ValidationException"] = 1, ["ConnectionError"] = 1 }, worker.Errors.Counts);
        Assert.Equal(3, connection.Connects);
        Assert.Equal((Script.Length, 3), await server);
    }

    [Fact]
    public async Task RequestsLargerThanTheSocketBuffersAreSentWhenTheServerReadsThemSlowly()
    {
        Assert.SkipUnless(Epoll.IsSupported, "epoll is Linux-only");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dataset = new BenchDataset("t", 10, 8 << 20, 10, 20, 1);
        var server = CountBodiesAsync(listener, 3, TestContext.Current.CancellationToken);
        var worker = Worker(3, (_, status, body) => Assert.Equal((200, "{}"), (status, Encoding.ASCII.GetString(body))), dataset, "put");
        var connection = new EpollConnection(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port), worker);

        await new EpollLoop([connection], Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency).StartThread("test-loop");

        Assert.All(await server, length => Assert.True(length > 8 << 20));
        Assert.Equal((3L, 3L, 1), (worker.Completed, worker.Succeeded, connection.Connects));
    }

    [Fact]
    public async Task EveryResponseOfBasaltIsAnsweredAndRightOverTwoLoops()
    {
        Assert.SkipUnless(Epoll.IsSupported, "epoll is Linux-only");
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var basalt = await BasaltServer.StartAsync(new BasaltServerOptions { InMemory = true, Port = 0 }, cancellationToken);
        var options = new BenchOptions
        {
            Endpoint = basalt.Url,
            Workload = Workload.Parse("ycsb-a"),
            Items = 40,
            ItemSize = 200,
            Duration = TimeSpan.Zero,
            Table = "bench-epoll",
        };
        Assert.Null(await BenchRunner.RunAsync(options, cancellationToken));

        var dataset = new BenchDataset(options.Table, options.Items, options.ItemSize, options.ItemsPerPartition, options.ScanLimit, options.Seed);
        var wrong = new List<string>();
        var answered = 0;
        void Verify(OperationKind operation, int status, ReadOnlySpan<byte> body)
        {
            var text = Encoding.UTF8.GetString(body);
            var right = status == 200 && operation switch
            {
                OperationKind.Get => text.Contains("\"Item\":{", StringComparison.Ordinal) && text.Contains("\"payload\"", StringComparison.Ordinal),
                OperationKind.Update => text == "{}",
                _ => false,
            };
            lock (wrong)
            {
                answered++;
                if (!right)
                {
                    wrong.Add($"{operation} {status} {text}");
                }
            }
        }

        var endpoint = new IPEndPoint(IPAddress.Loopback, basalt.Url.Port);
        var connections = Enumerable.Range(0, 4)
            .Select(i => new EpollConnection(endpoint, Worker(50, Verify, dataset, "ycsb-a", basalt.Url.Authority, (ulong)i)))
            .ToArray();
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;

        await Task.WhenAll(
            new EpollLoop(connections[..2], deadline).StartThread("test-loop-0"),
            new EpollLoop(connections[2..], deadline).StartThread("test-loop-1"));

        Assert.Empty(wrong);
        Assert.Equal(200, answered);
        Assert.All(connections, c => Assert.Equal((50L, 50L, 1), (c.Worker.Completed, c.Worker.Succeeded, c.Connects)));
    }

    private static BenchWorker Worker(
        long requests, ResponseObserver observer, BenchDataset? dataset = null, string workload = "get", string host = "localhost", ulong seed = 1)
    {
        dataset ??= new BenchDataset("t", 100, 200, 10, 20, 1);
        var keys = KeyDistribution.Create(DistributionKind.Uniform, dataset.Items);
        var stats = Enum.GetValues<OperationKind>().Select(o => new OperationStats(o)).ToArray<OperationStats?>();
        var writer = new SignedRequestWriter(new SigV4Signer("bench", "bench", "us-east-1"), host, TimeProvider.System);
        return new BenchWorker(dataset, Workload.Parse(workload), keys, keys, writer, stats, new BenchWindow(0, long.MaxValue), seed, requests)
        {
            Observer = observer,
        };
    }

    /// <summary>Answers each request (head and Content-Length body) with the next scripted step; returns (requests, connections).</summary>
    private static async Task<(int, int)> ServeAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var step = 0;
        var connections = 0;
        while (step < Script.Length)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            connections++;
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[4096];
            while (step < Script.Length)
            {
                int end;
                while ((end = RequestEnd(pending)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        return (step, connections);
                    }

                    pending.AddRange(buffer.AsSpan(0, read));
                }

                pending.RemoveRange(0, end);
                var response = Script[step++];
                if (response is null)
                {
                    break;
                }

                foreach (var piece in response)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(piece), cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }

                if (response[0].Contains("Connection: close", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return (step, connections);
    }

    /// <summary>Reads <paramref name="requests"/> requests 1 KiB at a time (slower than the client writes), answers each with "{}"; returns their body lengths.</summary>
    private static async Task<List<long>> CountBodiesAsync(TcpListener listener, int requests, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var buffer = new byte[1024];
        var head = new List<byte>();
        var lengths = new List<long>();
        while (lengths.Count < requests)
        {
            int end;
            while ((end = IndexOfHeadEnd(head)) < 0)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                Assert.NotEqual(0, read);
                head.AddRange(buffer.AsSpan(0, read));
            }

            var text = Encoding.ASCII.GetString(head.GetRange(0, end + 2).ToArray());
            const string LengthHeader = "Content-Length: ";
            var at = text.IndexOf(LengthHeader, StringComparison.Ordinal) + LengthHeader.Length;
            var length = long.Parse(text.AsSpan(at, text.IndexOf('\r', at) - at), System.Globalization.CultureInfo.InvariantCulture);
            long remaining = length - (head.Count - end - 4);
            Assert.True(remaining >= 0);
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                Assert.NotEqual(0, read);
                remaining -= read;
            }

            head.Clear();
            lengths.Add(length);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray(), cancellationToken);
        }

        return lengths;
    }

    private static int IndexOfHeadEnd(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The length of the first complete request in <paramref name="data"/> (head and body), or -1.</summary>
    private static int RequestEnd(List<byte> data)
    {
        var text = Encoding.ASCII.GetString(data.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return -1;
        }

        const string LengthHeader = "\r\nContent-Length: ";
        var at = text.IndexOf(LengthHeader, StringComparison.OrdinalIgnoreCase);
        var length = at < 0 || at > headEnd ? 0 : int.Parse(text.AsSpan(at + LengthHeader.Length, text.IndexOf('\r', at + 2) - at - LengthHeader.Length), System.Globalization.CultureInfo.InvariantCulture);
        return data.Count >= headEnd + 4 + length ? headEnd + 4 + length : -1;
    }
}
