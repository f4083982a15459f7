using System.CommandLine;
using System.Text.Json;

namespace Basalt.Cli.Admin;

/// <summary>
/// <c>basalt admin</c>: operations on a running server's storage nodes, through its admin HTTP
/// endpoint. <c>basalt admin nodes</c> lists them (running or stopped, replicas, partitions led);
/// <c>basalt admin node stop|start ID</c> stops or starts one and lists them after. Exit code 0 on
/// success, 1 when the server refused (no such node, not a Basalt server), 2 when it could not be reached.
/// </summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "The server's URL (the DynamoDB endpoint)",
            DefaultValueFactory = _ => "http://127.0.0.1:8000",
            Recursive = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON instead of a table", Recursive = true };

        var nodes = new Command("nodes", "List the storage nodes: running or stopped, replicas hosted, partitions led");
        nodes.SetAction((parse, cancellationToken) => RunAsync(parse, endpoint, json, client => client.StatusAsync(cancellationToken), null));

        var id = new Argument<ulong>("ID") { Description = "Node id (1 to the server's --replicas)" };
        var node = new Command("node", "Stop or start one storage node");
        foreach (var (action, description, done) in new[]
        {
            ("stop", "Stop a node: its replicas stop voting, leading and applying; the other nodes elect leaders", "stopped"),
            ("start", "Start a stopped node: its replicas reopen from its log and catch up", "started"),
        })
        {
            var change = new Command(action, description) { id };
            change.SetAction((parse, cancellationToken) => RunAsync(
                parse, endpoint, json, client => client.ChangeAsync(parse.GetValue(id), action, cancellationToken), $"node {parse.GetValue(id)} {done}"));
            node.Subcommands.Add(change);
        }

        return new Command("admin", "Operate a running server's storage nodes") { endpoint, json, nodes, node };
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Option<string> endpointOption, Option<bool> jsonOption, Func<NodeAdminHttpClient, Task<NodeAdminHttpClient.Reply>> send, string? done)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!Uri.TryCreate(parse.GetValue(endpointOption), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"basalt admin: --endpoint must be an http:// URL, not '{parse.GetValue(endpointOption)}'").ConfigureAwait(false);
            return 2;
        }

        NodeAdminHttpClient.Reply reply;
        using (var client = new NodeAdminHttpClient(endpoint))
        {
            try
            {
                reply = await send(client).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                await error.WriteLineAsync($"basalt admin: cannot reach {endpoint}: {failure.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        if (!reply.IsSuccess)
        {
            await error.WriteLineAsync($"basalt admin: the server answered {(int)reply.Status}: {reply.Body.Trim()}").ConfigureAwait(false);
            return 1;
        }

        if (parse.GetValue(jsonOption))
        {
            await output.WriteLineAsync(reply.Body.Trim()).ConfigureAwait(false);
            return 0;
        }

        IReadOnlyList<NodeStatus> nodes;
        try
        {
            nodes = NodeStatus.ParseList(reply.Body);
        }
        catch (Exception failure) when (failure is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await error.WriteLineAsync($"basalt admin: {endpoint} did not answer with a node list (is it a Basalt server?)").ConfigureAwait(false);
            return 1;
        }

        if (done is not null)
        {
            await output.WriteLineAsync(done).ConfigureAwait(false);
        }

        NodeStatus.WriteTable(output, nodes);
        return 0;
    }
}
