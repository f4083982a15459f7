using Basalt.Model;

namespace Basalt.Api.TimeToLive;

/// <summary>
/// When TTL deletes an item, as DynamoDB documents it: the TTL attribute is a top-level Number of
/// epoch seconds less than the current time. Other types are ignored, and so are values more than
/// five years in the past (DynamoDB does not process those).
/// </summary>
public static class ExpiryRule
{
    public static bool IsExpired(IReadOnlyDictionary<string, AttributeValue>? item, string attributeName, DateTimeOffset now)
    {
        if (item is null || !item.TryGetValue(attributeName, out var value) || value.Kind != AttributeKind.N)
        {
            return false;
        }

        var expiry = value.N;
        return expiry < DynamoNumber.FromInt64(now.ToUnixTimeSeconds())
            && expiry >= DynamoNumber.FromInt64(now.AddYears(-5).ToUnixTimeSeconds());
    }
}
