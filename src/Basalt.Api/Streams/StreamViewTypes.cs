namespace Basalt.Api.Streams;

/// <summary>The four StreamViewType values: which item images a stream record carries.</summary>
public static class StreamViewTypes
{
    public const string KeysOnly = "KEYS_ONLY";
    public const string NewImage = "NEW_IMAGE";
    public const string OldImage = "OLD_IMAGE";
    public const string NewAndOldImages = "NEW_AND_OLD_IMAGES";

    /// <summary>The enum constraint as DynamoDB words it in validation messages.</summary>
    public const string EnumConstraint = "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]";

    public static bool IsValid(string? viewType) => viewType is KeysOnly or NewImage or OldImage or NewAndOldImages;

    public static bool IncludesNewImage(string viewType) => viewType is NewImage or NewAndOldImages;

    public static bool IncludesOldImage(string viewType) => viewType is OldImage or NewAndOldImages;
}
