namespace Basalt.Api.Streams;

/// <summary>A parsed stream ARN: arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL.</summary>
public readonly record struct StreamArn(string Region, string TableName, string Label)
{
    public static bool TryParse(string? arn, out StreamArn parsed)
    {
        parsed = default;
        if (arn is null)
        {
            return false;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "dynamodb" || parts[3].Length == 0)
        {
            return false;
        }

        var resource = parts[5];
        const string TablePrefix = "table/";
        const string StreamMarker = "/stream/";
        if (!resource.StartsWith(TablePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var marker = resource.IndexOf(StreamMarker, TablePrefix.Length, StringComparison.Ordinal);
        if (marker <= TablePrefix.Length)
        {
            return false;
        }

        var table = resource[TablePrefix.Length..marker];
        var label = resource[(marker + StreamMarker.Length)..];
        if (label.Length == 0 || label.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        parsed = new StreamArn(parts[3], table, label);
        return true;
    }
}
