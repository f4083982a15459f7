using Basalt.Model;

namespace Basalt.Api.Streams;

/// <summary>What happened to an item: DynamoDB's eventName values.</summary>
public enum StreamEventName : byte
{
    INSERT = 1,
    MODIFY = 2,
    REMOVE = 3,
}

/// <summary>
/// One stored stream record: the change, when it was made (milliseconds since the epoch), whether
/// the service made it (a TTL deletion), the item's key attributes, and the images the stream's
/// view type keeps (null when the view type leaves it out or there is none).
/// </summary>
public sealed record StreamRecord(StreamEventName EventName, long CreatedMilliseconds, bool ByService, Item Keys, Item? OldImage, Item? NewImage)
{
    /// <summary>SizeBytes as GetRecords reports it: the keys and the images the record carries.</summary>
    public int SizeBytes =>
        ItemSize.Of(Keys) + (OldImage is null ? 0 : ItemSize.Of(OldImage)) + (NewImage is null ? 0 : ItemSize.Of(NewImage));
}
