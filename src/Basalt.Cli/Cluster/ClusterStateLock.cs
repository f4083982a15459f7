namespace Basalt.Cli.Cluster;

/// <summary>
/// Serializes read-modify-write of cluster.json between the supervisor and commands from other
/// shells: an exclusive lock on D/cluster.lock (an advisory file lock), held briefly.
/// </summary>
internal sealed class ClusterStateLock : IDisposable
{
    private readonly FileStream _file;

    private ClusterStateLock(FileStream file) => _file = file;

    public static async Task<ClusterStateLock> AcquireAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "cluster.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return new ClusterStateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another basalt cluster command holds it for a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Loads the state, applies <paramref name="change"/> and saves it, under the lock.</summary>
    public static async Task<ClusterState> UpdateAsync(string dataDirectory, Action<ClusterState> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var gate = await AcquireAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        var state = ClusterState.Load(dataDirectory) ?? throw new FileNotFoundException($"no {ClusterState.FileName} in {dataDirectory}");
        change(state);
        state.Save();
        return state;
    }

    public void Dispose() => _file.Dispose();
}
