using System.Collections.Concurrent;

namespace Basalt.Storage;

/// <summary>
/// Merges concurrent synced writes: callers queue their batches, one dedicated writer thread takes everything
/// queued (bounded by <c>maxBatches</c> and <c>maxBytes</c>), writes it with one synced write, and completes
/// every caller of that group with the outcome (a failure fails each of them). While one group is being synced
/// the next one accumulates, so many callers share each fsync.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private readonly Action<List<WriteBatch>> _writeSynced;
    private readonly int _maxBatches;
    private readonly long _maxBytes;
    private readonly Queue<GroupCommitRequest> _queue = new();
    private readonly object _queueLock = new();
    private readonly ConcurrentQueue<GroupCommitRequest> _pool = new();
    private readonly Thread _thread;
    private bool _stopping;
    private long _groupsWritten;
    private long _batchesWritten;

    /// <param name="writeSynced">Writes all batches atomically as one durable write; throws on failure.</param>
    public GroupCommitWriter(Action<List<WriteBatch>> writeSynced, int maxBatches, long maxBytes, string threadName)
    {
        _writeSynced = writeSynced;
        _maxBatches = maxBatches;
        _maxBytes = maxBytes;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Number of synced writes issued so far.</summary>
    public long GroupsWritten => Interlocked.Read(ref _groupsWritten);

    /// <summary>Number of caller batches carried by those writes.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    public ValueTask Enqueue(WriteBatch batch)
    {
        if (!_pool.TryDequeue(out GroupCommitRequest? request))
        {
            request = new GroupCommitRequest(this);
        }

        ValueTask task = request.Start(batch);
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(request);
            Monitor.Pulse(_queueLock);
        }

        return task;
    }

    /// <summary>Writes what is queued, then stops the writer thread. Later <see cref="Enqueue"/> calls throw.</summary>
    public void Dispose()
    {
        lock (_queueLock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_queueLock);
        }

        _thread.Join();
    }

    internal void Return(GroupCommitRequest request) => _pool.Enqueue(request);

    private void Run()
    {
        var group = new List<GroupCommitRequest>();
        var batches = new List<WriteBatch>();
        while (TakeGroup(group, batches))
        {
            Exception? error = null;
            try
            {
                _writeSynced(batches);
                Interlocked.Increment(ref _groupsWritten);
                Interlocked.Add(ref _batchesWritten, batches.Count);
            }
#pragma warning disable CA1031 // Any failure of the combined write belongs to every caller in it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }

            foreach (GroupCommitRequest request in group)
            {
                request.Complete(error);
            }

            group.Clear();
            batches.Clear();
        }
    }

    private bool TakeGroup(List<GroupCommitRequest> group, List<WriteBatch> batches)
    {
        lock (_queueLock)
        {
            while (_queue.Count == 0)
            {
                if (_stopping)
                {
                    return false;
                }

                Monitor.Wait(_queueLock);
            }

            long bytes = 0;
            while (_queue.Count > 0 && group.Count < _maxBatches)
            {
                GroupCommitRequest next = _queue.Peek();
                WriteBatch batch = next.Batch!;
                long size = batch.SizeInBytes;
                if (group.Count > 0 && bytes + size > _maxBytes)
                {
                    break;
                }

                _queue.Dequeue();
                group.Add(next);
                batches.Add(batch);
                bytes += size;
            }

            return true;
        }
    }
}
