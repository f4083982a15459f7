namespace Basalt.Simulation.Partitions;

/// <summary>
/// Runs every continuation of the simulated clients and of the code under test as an event of the
/// virtual-time queue, on the simulation's thread: async code resumes in a seeded, reproducible order.
/// A continuation posted from any other thread (something escaped to the thread pool) fails the run.
/// </summary>
internal sealed class SimSynchronizationContext(EventQueue queue, Action<string> fail) : SynchronizationContext
{
    private readonly int thread = Environment.CurrentManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != thread)
        {
            fail("a continuation was posted from another thread: something left the simulated scheduler");
            return;
        }

        queue.After(0, () => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The simulation never blocks on its own context.");

    public override SynchronizationContext CreateCopy() => this;
}
