using Basalt.Metadata.Events;

namespace Basalt.Metadata.StateMachine;

/// <summary>What applying a command did.</summary>
public enum ApplyStatus : byte
{
    /// <summary>The map changed; the version moved on and <see cref="ApplyResult.Events"/> says how.</summary>
    Applied = 0,

    /// <summary>The command asked for what already holds; nothing changed.</summary>
    Unchanged = 1,

    /// <summary>The command is not valid against the current map (see <see cref="ApplyResult.Error"/>); nothing changed.</summary>
    Rejected = 2,
}

/// <summary>The outcome of one command: its status, the reason for a rejection, and the change events.</summary>
public sealed record ApplyResult(ApplyStatus Status, IReadOnlyList<MapEvent> Events, string? Error = null)
{
    internal static ApplyResult Unchanged { get; } = new(ApplyStatus.Unchanged, []);

    internal static ApplyResult Reject(string error) => new(ApplyStatus.Rejected, [], error);

    internal static ApplyResult Of(MapEvent e) => new(ApplyStatus.Applied, [e]);
}
