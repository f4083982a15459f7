using System.Text.Json;
using Basalt.Api.Operations;
using Basalt.Api.Protocol;
using Basalt.Model;

namespace Basalt.Api.Forwarding;

/// <summary>
/// Query at the router: validated with the node's own code; a query of the table or a local index
/// goes whole to the leader of the partition owning its partition key, a global index query is
/// fanned out to every partition and merged (<see cref="FanOut.GlobalAsync"/>).
/// </summary>
public sealed class ForwardedQueryOperation(RequestForwarder forwarder) : IOperation
{
    public string Name => "Query";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        QueryRequest request;
        ForwardedTable? table = null;
        QueryPlan? plan = null;
        try
        {
            request = QueryRequest.Read(context.Body);
            table = await forwarder.FindTableAsync(context, request.TableName).ConfigureAwait(false);
            plan = table is null ? null : request.Plan(table.Definition);
        }
        catch (DynamoDbException)
        {
            request = null!;
        }

        if (plan is null || table is null)
        {
            // Invalid, or a table MemDS does not know: a node answers with DynamoDB's error.
            ForwardedJson.WriteMembers(response, await forwarder.ToAnyAsync(context, Name, ForwardedJson.Raw(context.Body).ToArray()).ConfigureAwait(false));
            return;
        }

        if (!plan.IsGlobal)
        {
            var hash = KeyCodec.PartitionHash(plan.KeyCondition.PartitionKeyValue);
            ForwardedJson.WriteMembers(response, await forwarder.ToKeyAsync(context, Name, table, hash, ForwardedJson.Raw(context.Body).ToArray()).ConfigureAwait(false));
            return;
        }

        await FanOut.GlobalAsync(context, response, forwarder, Name, table, new ReadParameters(request.Limit, !request.Forward, plan.CountOnly, request.Capacity, request.Consistent)).ConfigureAwait(false);
    }
}
