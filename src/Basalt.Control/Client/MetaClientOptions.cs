namespace Basalt.Control.Client;

/// <summary>How a <see cref="MetaClient"/> retries: per-call timeout, total budget, backoff.</summary>
public sealed record MetaClientOptions
{
    /// <summary>How long one attempt (one RPC to one member) may take.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a call keeps retrying (members unavailable, no leader) before it gives up.</summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>First wait between attempts that found no leader; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(25);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock backoff waits and the budget run on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
