using System.Net;
using System.Net.Sockets;
using Basalt.Node.Transport;
using Basalt.Replication;
using Basalt.Storage;

namespace Basalt.Node.Tests;

/// <summary>Helpers for nodes on loopback ports.</summary>
internal static class Loopback
{
    /// <summary>A loopback port nothing listens on (see <see cref="Hosting.LoopbackPorts"/>).</summary>
    public static int FreePort() => Hosting.LoopbackPorts.Next();

    public static Uri Url(int port) => new($"http://127.0.0.1:{port}");

    /// <summary>A node with no runner (messages pile up in its inbox) behind a server on <paramref name="port"/>, counting deliveries.</summary>
    public static async Task<(NodeServer Server, DeliveryCounter Deliveries)> ReceiverAsync(ulong id, int port = 0)
    {
        var node = new StorageNode(id, new InMemoryStorageEngine(), new InProcessTransport());
        var deliveries = new DeliveryCounter();
        node.Wake = deliveries.Increment;
        var server = await NodeServer.StartAsync(node, new IPEndPoint(IPAddress.Loopback, port));
        return (server, deliveries);
    }

    public static Message Heartbeat(ulong from, ulong to, ulong term = 1) =>
        new() { Type = MessageType.Heartbeat, From = from, To = to, Term = term };
}

/// <summary>Counts a node's wake-ups (one per delivered message when no runner drives it) and lets a test await a count.</summary>
internal sealed class DeliveryCounter
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment()
    {
        lock (_lock)
        {
            _count++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public Task WhenAtLeast(int count)
    {
        lock (_lock)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }
}
