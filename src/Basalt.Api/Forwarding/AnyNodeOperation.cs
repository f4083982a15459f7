using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Forwarding;

/// <summary>
/// An operation any storage node answers (table operations through the meta service, tags, TTL
/// settings, streams): forwarded whole to a healthy node, its answer passed through. A table
/// operation that succeeded drops the router's cached definition of the table.
/// </summary>
public sealed class AnyNodeOperation(string name, RequestForwarder forwarder, bool changesTable = false) : IOperation
{
    public string Name => name;

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reply = await forwarder.ToAnyAsync(context, Name, ForwardedJson.Raw(context.Body).ToArray()).ConfigureAwait(false);
        if (changesTable && RequestForwarder.TableNameOf(context.Body) is { } table)
        {
            forwarder.Tables.Invalidate(context.Region, table);
        }

        ForwardedJson.WriteMembers(response, reply);
    }
}

/// <summary>A DynamoDB Streams operation, forwarded whole to any node (which answers for its cluster mode).</summary>
public sealed class AnyNodeStreamsOperation(string name, RequestForwarder forwarder) : Streams.IStreamsOperation
{
    private readonly AnyNodeOperation _inner = new(name, forwarder);

    public string Name => name;

    public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response) => _inner.ExecuteAsync(context, response);
}
