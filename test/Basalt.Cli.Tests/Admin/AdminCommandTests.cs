using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Basalt.Api;
using Basalt.Cli.Admin;

namespace Basalt.Cli.Tests.Admin;

/// <summary><c>basalt admin nodes</c> and <c>basalt admin node stop|start</c> against an in-process server with three storage nodes.</summary>
public sealed class AdminCommandTests : IAsyncLifetime
{
    private BasaltServer? _server;

    private string Endpoint => _server!.Url.ToString();

    public async ValueTask InitializeAsync() =>
        _server = await BasaltServer.StartAsync(
            new BasaltServerOptions { InMemory = true, Port = 0, Replicas = 3, InitialPartitions = 2 }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { AdminCommand.Create() };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await root.Parse(["admin", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Nodes_ListsEveryNodeAsATable()
    {
        await CreateTableAsync();
        var (exitCode, output, error) = await RunAsync("nodes", "--endpoint", Endpoint);

        Assert.True(exitCode == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("node  state    replicas  leaders", lines[0]);
        Assert.Equal(["1     running", "2     running", "3     running"], lines[1..].Select(l => l[..13]));
        Assert.All(lines[1..], l => Assert.EndsWith("2", l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], StringComparison.Ordinal));
        Assert.Equal(2, lines[1..].Sum(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task NodeStopAndStart_ChangeTheNodeAndPrintTheList()
    {
        var (exitCode, output, error) = await RunAsync("node", "stop", "2", "--endpoint", Endpoint);
        Assert.True(exitCode == 0, error);
        Assert.StartsWith("node 2 stopped\nnode  state", output, StringComparison.Ordinal);
        Assert.Contains("\n2     stopped         0        0\n", output, StringComparison.Ordinal);
        Assert.Null(_server!.Database.Cluster.Node(2));

        (exitCode, output, error) = await RunAsync("node", "start", "2", "--endpoint", Endpoint);
        Assert.True(exitCode == 0, error);
        Assert.StartsWith("node 2 started\n", output, StringComparison.Ordinal);
        Assert.Contains("\n2     running", output, StringComparison.Ordinal);
        Assert.NotNull(_server.Database.Cluster.Node(2));
    }

    [Fact]
    public async Task Json_PrintsTheServersAnswer()
    {
        var (exitCode, output, _) = await RunAsync("nodes", "--json", "--endpoint", Endpoint);

        Assert.Equal(0, exitCode);
        var nodes = NodeStatus.ParseList(output);
        Assert.Equal([new(1, true, 0, 0), new(2, true, 0, 0), new(3, true, 0, 0)], nodes);
    }

    [Fact]
    public async Task AnUnknownNode_IsRefusedWithTheServersMessage()
    {
        var (exitCode, output, error) = await RunAsync("node", "stop", "4", "--endpoint", Endpoint);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("the server answered 404", error, StringComparison.Ordinal);
        Assert.Contains("/_basalt/nodes/{1..3}/stop", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatIsNotThere_IsExitCode2()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nothing listens on

        var (exitCode, _, error) = await RunAsync("nodes", "--endpoint", $"http://127.0.0.1:{port}");
        Assert.Equal(2, exitCode);
        Assert.Contains("cannot reach", error, StringComparison.Ordinal);

        (exitCode, _, error) = await RunAsync("nodes", "--endpoint", "not a url");
        Assert.Equal(2, exitCode);
        Assert.Contains("--endpoint must be an http:// URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_AlignsColumns()
    {
        using var output = new StringWriter { NewLine = "\n" };
        NodeStatus.WriteTable(output, [new(1, true, 12, 3), new(20, false, 0, 0)]);
        Assert.Equal(
            "node  state    replicas  leaders\n"
            + "1     running        12        3\n"
            + "20    stopped         0        0\n",
            output.ToString());
    }

    private async Task CreateTableAsync()
    {
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("cli", "cli"), new AmazonDynamoDBConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1" });
        var ct = TestContext.Current.CancellationToken;
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = "nodes-test",
                KeySchema = [new("pk", KeyType.HASH)],
                AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            },
            ct);
        await client.PutItemAsync("nodes-test", new() { ["pk"] = new() { S = "a" } }, ct);
    }
}
