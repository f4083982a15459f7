namespace Basalt.Simulation.Checking;

/// <summary>A safety property failed; the run stops at the first one.</summary>
public sealed class InvariantViolation(string message) : Exception(message);
