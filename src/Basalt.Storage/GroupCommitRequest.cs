using System.Threading.Tasks.Sources;

namespace Basalt.Storage;

/// <summary>One caller's batch waiting in a <see cref="GroupCommitWriter"/>; pooled and reused after it is awaited.</summary>
internal sealed class GroupCommitRequest : IValueTaskSource
{
    private readonly GroupCommitWriter _owner;
    private ManualResetValueTaskSourceCore<bool> _core;

    public GroupCommitRequest(GroupCommitWriter owner)
    {
        _owner = owner;

        // Continuations must not run on the writer thread: it has the next group to write.
        _core.RunContinuationsAsynchronously = true;
    }

    public WriteBatch? Batch { get; private set; }

    public ValueTask Start(WriteBatch batch)
    {
        Batch = batch;
        return new ValueTask(this, _core.Version);
    }

    public void Complete(Exception? error)
    {
        Batch = null;
        if (error is null)
        {
            _core.SetResult(true);
        }
        else
        {
            _core.SetException(error);
        }
    }

    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _owner.Return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
