using System.Globalization;
using System.Text.Json;
using Basalt.Api.Protocol;
using Basalt.Api.Tables;
using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>A StreamSpecification as a request gives it.</summary>
public sealed record StreamSpecificationRequest(bool Enabled, string? ViewType);

/// <summary>
/// StreamSpecification on CreateTable and UpdateTable, with DynamoDB's messages: a stream is
/// enabled with a view type, disabled without one, cannot be enabled twice (not even to change
/// its view type) nor disabled when there is none. Each enable makes a new stream with a new label.
/// </summary>
public static class StreamSpecificationRules
{
    /// <summary>Reads StreamSpecification; shape errors go to <paramref name="errors"/>.</summary>
    public static StreamSpecificationRequest? Read(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!JsonParameters.TryGetObject(body, "StreamSpecification", out var spec))
        {
            return null;
        }

        var enabled = JsonParameters.GetBool(spec, "StreamEnabled");
        var viewType = JsonParameters.GetString(spec, "StreamViewType");
        if (enabled is null)
        {
            errors.Null("streamSpecification.streamEnabled");
        }

        if (viewType is not null && !StreamViewTypes.IsValid(viewType))
        {
            errors.Add(ValidationErrors.Quote(viewType), "streamSpecification.streamViewType", StreamViewTypes.EnumConstraint);
        }

        return new StreamSpecificationRequest(enabled ?? false, viewType);
    }

    /// <summary>The new table's stream setting (null when no stream is enabled).</summary>
    public static StreamSettings? ForCreate(StreamSpecificationRequest? request, DateTimeOffset now)
    {
        if (request is null)
        {
            return null;
        }

        if (request.Enabled && request.ViewType is null)
        {
            throw new ValidationException("One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required");
        }

        if (!request.Enabled && request.ViewType is not null)
        {
            throw new ValidationException("One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified");
        }

        return request.Enabled ? NewStream(request.ViewType!, now, previous: null) : null;
    }

    /// <summary>Applies an UpdateTable StreamSpecification to the current definition.</summary>
    public static TableDefinition ApplyUpdate(TableDefinition current, StreamSpecificationRequest? request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (request is null)
        {
            return current;
        }

        if (request.Enabled)
        {
            if (request.ViewType is null)
            {
                throw new ValidationException("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required");
            }

            if (current.Stream is { Enabled: true })
            {
                throw new ValidationException($"Table already has an enabled stream: TableName: {current.Name}");
            }

            return current with { Stream = NewStream(request.ViewType, now, current.Stream) };
        }

        if (request.ViewType is not null)
        {
            throw new ValidationException("One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified");
        }

        if (current.Stream is not { Enabled: true } stream)
        {
            throw new ValidationException($"Table has no stream to disable: TableName: {current.Name}");
        }

        return current with { Stream = stream with { Enabled = false } };
    }

    /// <summary>The label DynamoDB gives a stream: its creation time, ISO 8601 with milliseconds, no zone.</summary>
    public static string Label(DateTimeOffset createdAt) =>
        createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static StreamSettings NewStream(string viewType, DateTimeOffset now, StreamSettings? previous)
    {
        // Labels identify streams of a table: a new one is always later than the previous one.
        var created = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        if (previous is not null && created <= previous.CreatedAt)
        {
            created = previous.CreatedAt.AddMilliseconds(1);
        }

        return new StreamSettings(true, viewType, Label(created), created);
    }
}
