using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Operations;

/// <summary>TagResource, UntagResource and ListTagsOfResource on table ARNs.</summary>
public static class TagOperations
{
    private static TableDefinition FindByArn(Database database, RequestContext context, out string arn)
    {
        var errors = new ValidationErrors();
        var resourceArn = JsonParameters.GetString(context.Body, "ResourceArn");
        if (resourceArn is null)
        {
            errors.Null("resourceArn");
        }

        errors.ThrowIfAny();
        arn = resourceArn!;
        const string prefix = "arn:aws:dynamodb:";
        var parts = arn.Split(':');
        var slash = arn.IndexOf(":table/", StringComparison.Ordinal);
        if (!arn.StartsWith(prefix, StringComparison.Ordinal) || parts.Length < 6 || slash < 0)
        {
            throw new ValidationException($"Invalid TableArn: Invalid ResourceArn provided as input {arn}");
        }

        var name = arn[(slash + ":table/".Length)..];
        return database.Catalog.Find(parts[3], name)
            ?? throw new DynamoDbException("ResourceNotFoundException", $"Requested resource not found: ResourcArn: {arn} not found");
    }

    /// <summary>TagResource.</summary>
    public sealed class TagResource(Database database) : IOperation
    {
        public string Name => "TagResource";

        public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
        {
            ArgumentNullException.ThrowIfNull(context);
            var table = FindByArn(database, context, out _);
            var errors = new ValidationErrors();
            var tags = TagRules.Read(context.Body, errors, "tags");
            if (tags is null)
            {
                errors.Null("tags");
            }

            errors.ThrowIfAny();
            await database.Catalog.UpdateAsync(table.Region, table.Name, t =>
            {
                var merged = new Dictionary<string, string>(t.Tags, StringComparer.Ordinal);
                foreach (var (k, v) in tags!)
                {
                    merged[k] = v;
                }

                return t with { Tags = merged };
            }).ConfigureAwait(false);
        }
    }

    /// <summary>UntagResource.</summary>
    public sealed class UntagResource(Database database) : IOperation
    {
        public string Name => "UntagResource";

        public async ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
        {
            ArgumentNullException.ThrowIfNull(context);
            var table = FindByArn(database, context, out _);
            if (!JsonParameters.TryGetArray(context.Body, "TagKeys", out var keys))
            {
                var errors = new ValidationErrors();
                errors.Null("tagKeys");
                errors.ThrowIfAny();
            }

            var remove = keys.EnumerateArray().Select(k => k.GetString() ?? string.Empty).ToHashSet(StringComparer.Ordinal);
            await database.Catalog.UpdateAsync(table.Region, table.Name, t => t with
            {
                Tags = t.Tags.Where(kv => !remove.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            }).ConfigureAwait(false);
        }
    }

    /// <summary>ListTagsOfResource.</summary>
    public sealed class ListTagsOfResource(Database database) : IOperation
    {
        public string Name => "ListTagsOfResource";

        public ValueTask ExecuteAsync(RequestContext context, Utf8JsonWriter response)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(response);
            var table = FindByArn(database, context, out _);
            response.WriteStartArray("Tags");
            foreach (var (k, v) in table.Tags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                response.WriteStartObject();
                response.WriteString("Key", k);
                response.WriteString("Value", v);
                response.WriteEndObject();
            }

            response.WriteEndArray();
            return ValueTask.CompletedTask;
        }
    }
}
