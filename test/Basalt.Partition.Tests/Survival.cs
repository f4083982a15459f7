namespace Basalt.Partition.Tests;

/// <summary>How much of a node's unsynced tail survives a crash.</summary>
internal static class Survival
{
    /// <summary>Nothing unsynced survives.</summary>
    public static Random None { get; } = new Fixed(all: false);

    /// <summary>Everything written survives.</summary>
    public static Random All { get; } = new Fixed(all: true);

    private sealed class Fixed(bool all) : Random
    {
        public override int Next(int maxValue) => all ? maxValue - 1 : 0;
    }
}
