using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;

namespace Basalt.Api.Streams;

/// <summary>Reads the Streams API's request members with the model's length and range constraints.</summary>
public static class StreamParameters
{
    public static string? ReadString(JsonElement body, string member, string path, int minLength, int maxLength, ValidationErrors errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = JsonParameters.GetString(body, member);
        if (value is null)
        {
            if (required)
            {
                errors.Null(path);
            }

            return null;
        }

        if (value.Length < minLength)
        {
            errors.Add(ValidationErrors.Quote(value), path, string.Create(CultureInfo.InvariantCulture, $"Member must have length greater than or equal to {minLength}"));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(ValidationErrors.Quote(value), path, string.Create(CultureInfo.InvariantCulture, $"Member must have length less than or equal to {maxLength}"));
        }

        return value;
    }

    public static int? ReadLimit(JsonElement body, int max, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var limit = JsonParameters.GetInt64(body, "Limit");
        if (limit is null)
        {
            return null;
        }

        var rendered = ValidationErrors.Quote(limit.Value.ToString(CultureInfo.InvariantCulture));
        if (limit < 1)
        {
            errors.Add(rendered, "limit", "Member must have value greater than or equal to 1");
        }
        else if (limit > max)
        {
            errors.Add(rendered, "limit", string.Create(CultureInfo.InvariantCulture, $"Member must have value less than or equal to {max}"));
        }

        return (int)Math.Clamp(limit.Value, 1, max);
    }

    public static string? ReadStreamArn(JsonElement body, string member, string path, ValidationErrors errors, bool required) =>
        ReadString(body, member, path, 37, 1024, errors, required);

    public static string? ReadShardId(JsonElement body, string member, string path, ValidationErrors errors, bool required) =>
        ReadString(body, member, path, 28, 65, errors, required);

    public static StreamArn ParseArn(string arn) =>
        StreamArn.TryParse(arn, out var parsed) ? parsed : throw StreamErrors.InvalidArn(arn);
}
