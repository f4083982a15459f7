namespace Basalt.Metadata.Model;

/// <summary>A registered storage node: its id, availability zone and transport address.</summary>
public sealed record NodeInfo(ulong Id, string Zone, string Address);
