using System.Buffers.Binary;
using System.Text.Json;
using Basalt.Api.Items;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>
/// GetItem, PutItem, UpdateItem and DeleteItem at the router: the item's key (the Api's own key
/// code), its partition-key hash, and the request forwarded whole to the leader of the partition
/// owning it. A request whose table or key the router cannot read goes to any node, which answers
/// with DynamoDB's error in DynamoDB's order of checks.
/// </summary>
public sealed class KeyedItemOperation(string name, RequestForwarder forwarder) : IOperation
{
    public string Name => name;

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = ForwardedJson.Raw(context.Body).ToArray();
        var table = await forwarder.FindTableAsync(context, RequestForwarder.TableNameOf(context.Body)).ConfigureAwait(false);
        var hash = table is null ? null : KeyHash(table, context.Body);
        var reply = hash is { } h
            ? await forwarder.ToKeyAsync(context, Name, table!, h, body).ConfigureAwait(false)
            : await forwarder.ToAnyAsync(context, Name, body).ConfigureAwait(false);
        ForwardedJson.WriteMembers(response, reply);
    }

    private ulong? KeyHash(ForwardedTable table, JsonElement body)
    {
        try
        {
            var key = Name == "PutItem"
                ? JsonParameters.GetItem(body, "Item") is { } item ? ItemKeys.FromItem(table.Definition, item) : null
                : ItemKeys.FromKey(table.Definition, JsonParameters.GetItem(body, "Key"));
            return key is null ? null : BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(KeyCodec.TablePrefixLength));
        }
        catch (DynamoDbException)
        {
            return null;
        }
    }
}
