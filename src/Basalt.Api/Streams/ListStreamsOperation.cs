using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;

namespace Basalt.Api.Streams;

/// <summary>ListStreams: the streams of the region (of one table when TableName is given), paged by ARN.</summary>
public sealed class ListStreamsOperation(Database database) : IStreamsOperation
{
    public string Name => "ListStreams";

    public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var body = context.Body;
        var errors = new ValidationErrors();
        var tableName = TableNameRules.Read(body, errors, required: false);
        var limit = StreamParameters.ReadLimit(body, 100, errors) ?? 100;
        var start = StreamParameters.ReadStreamArn(body, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", errors, required: false);
        errors.ThrowIfAny();
        if (start is not null)
        {
            StreamParameters.ParseArn(start);
        }

        await database.Streams.Catalog.ReconcileAllAsync().ConfigureAwait(false);
        var streams = database.Streams.Catalog.All
            .Where(s => string.Equals(s.Region, context.Region, StringComparison.Ordinal)
                && (tableName is null || string.Equals(s.TableName, tableName, StringComparison.Ordinal)))
            .OrderBy(s => s.Arn, StringComparer.Ordinal)
            .ToList();
        if (tableName is not null && streams.Count == 0 && database.Catalog.Find(context.Region, tableName) is null)
        {
            throw TableCatalog.NotFound(tableName);
        }

        var first = start is null ? 0 : streams.FindIndex(s => string.CompareOrdinal(s.Arn, start) > 0);
        if (first < 0)
        {
            first = streams.Count;
        }

        var page = streams.Skip(first).Take(limit).ToList();
        response.WriteStartArray("Streams");
        foreach (var stream in page)
        {
            response.WriteStartObject();
            response.WriteString("StreamArn", stream.Arn);
            response.WriteString("StreamLabel", stream.Label);
            response.WriteString("TableName", stream.TableName);
            response.WriteEndObject();
        }

        response.WriteEndArray();
        if (first + page.Count < streams.Count)
        {
            response.WriteString("LastEvaluatedStreamArn", page[^1].Arn);
        }
    }
}
