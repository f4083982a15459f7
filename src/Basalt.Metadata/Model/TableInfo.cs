namespace Basalt.Metadata.Model;

/// <summary>
/// A table as the map records it: where it lives (region, name), its numeric id, and its
/// definition — opaque bytes owned by the API layer (key schema, indexes, capacity).
/// <see cref="Version"/> is the map version at which the table was created or last redefined.
/// </summary>
public sealed record TableInfo(string Region, string Name, ulong Id, ReadOnlyMemory<byte> Definition, ulong Version);
