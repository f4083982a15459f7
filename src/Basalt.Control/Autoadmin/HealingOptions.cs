namespace Basalt.Control.Autoadmin;

/// <summary>Autoadmin's healing settings.</summary>
public sealed record HealingOptions
{
    /// <summary>A node is dead after no heartbeat for this whole window.</summary>
    public TimeSpan DetectionWindow { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A log replica is caught up when its commit index is at most this far behind its leader's.</summary>
    public ulong PromotionLag { get; init; } = 16;

    /// <summary>At most this many commands per decision.</summary>
    public int MaxActions { get; init; } = 64;

    /// <summary>Time between two decisions.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(500);
}
