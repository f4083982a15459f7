namespace Basalt.Api.Tables;

/// <summary>
/// A table's DynamoDB Streams setting. <see cref="Label"/> identifies the current stream
/// (LatestStreamLabel, an ISO-8601 timestamp in DynamoDB); a new label is made each time a
/// stream is enabled.
/// </summary>
public sealed record StreamSettings(bool Enabled, string ViewType, string Label, DateTimeOffset CreatedAt);

/// <summary>A table's time-to-live setting (UpdateTimeToLive).</summary>
public sealed record TimeToLiveSettings(string AttributeName, bool Enabled);
