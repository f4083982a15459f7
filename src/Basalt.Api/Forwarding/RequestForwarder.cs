using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Protocol.Items.V1;
using Basalt.Router.Forwarding;
using Google.Protobuf;

namespace Basalt.Api.Forwarding;

/// <summary>
/// The router's side of every forwarded operation: builds <c>Items.Execute</c> requests from a
/// client request (or a share of it) and delivers them through the <see cref="Forwarder"/>: to the
/// partition owning a key, or to any node. A request that cannot be delivered within the retry
/// budget becomes DynamoDB's 500 InternalServerError.
/// </summary>
public sealed class RequestForwarder(Forwarder forwarder, ClusterTables tables)
{
    public Forwarder Forwarder => forwarder;

    public ClusterTables Tables => tables;

    /// <summary>Sends (a share of) a request to the partition of <paramref name="table"/> owning <paramref name="keyHash"/>.</summary>
    public async Task<ExecuteReply> ToKeyAsync(RequestContext context, string operation, ForwardedTable table, ulong keyHash, ReadOnlyMemory<byte> body, ulong group = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(table);
        var request = NewRequest(context, operation, body.Span, Math.Max(table.Route.MapVersion, tables.MapVersion), group);
        ExecuteReply? reply;
        try
        {
            reply = await forwarder.ToKeyAsync(table.Id, keyHash, request, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ForwardingException)
        {
            throw Unavailable();
        }

        if (reply is null)
        {
            // MemDS no longer knows the table (deleted, maybe re-created): any node answers with what the map says now.
            tables.Invalidate(context.Region, table.Definition.Name);
            forwarder.Routes.Forget(table.Id);
            return await ToAnyAsync(context, operation, body).ConfigureAwait(false);
        }

        return reply;
    }

    /// <summary>Sends a whole request to any node (table operations, requests the router cannot place).</summary>
    public async Task<ExecuteReply> ToAnyAsync(RequestContext context, string operation, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = NewRequest(context, operation, body.Span, tables.MapVersion, group: 0);
        try
        {
            return await forwarder.ToAnyNodeAsync(request, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ForwardingException)
        {
            throw Unavailable();
        }
    }

    /// <summary>The table a request names, or null when it names none or MemDS does not know it.</summary>
    public async ValueTask<ForwardedTable?> FindTableAsync(RequestContext context, string? name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.IsNullOrEmpty(name) ? null : await tables.FindAsync(context.Region, name, context.CancellationToken).ConfigureAwait(false);
    }

    private static ExecuteRequest NewRequest(RequestContext context, string operation, ReadOnlySpan<byte> body, ulong mapVersion, ulong group) => new()
    {
        Operation = operation,
        Region = context.Region,
        AccessKeyId = context.AccessKeyId,
        Body = ByteString.CopyFrom(body),
        MapVersion = mapVersion,
        Group = group,
    };

    private static DynamoDbException Unavailable() =>
        new("InternalServerError", "Internal server error (no storage node could serve the request in time)", 500);

    /// <summary>The table name member of a request body, when it is a string.</summary>
    public static string? TableNameOf(JsonElement body) =>
        body.TryGetProperty("TableName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
}
