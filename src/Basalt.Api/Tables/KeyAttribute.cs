using Basalt.Model;

namespace Basalt.Api.Tables;

/// <summary>One key attribute of a table: its name and scalar type (S, N or B).</summary>
public sealed record KeyAttribute(string Name, AttributeKind Kind);
