using System.Globalization;
using System.Text;

namespace Basalt.Storage;

/// <summary>
/// Holds <c>basalt.lock</c> in a data directory open with an exclusive OS lock (FileShare.None: flock on Unix,
/// a share-mode lock on Windows) for the lifetime of an engine, and records the owner's pid in it.
/// The OS releases the lock when the process dies, so a crash never leaves a stale lock behind.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "basalt.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock at once or throws <see cref="DataDirectoryLockedException"/>; never waits.</summary>
    public static DataDirectoryLock Acquire(string directory)
    {
        string fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);
        string path = Path.Combine(fullDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirectoryLockedException(fullDirectory, LockFileReader.TryReadProcessId(path), e);
        }

        try
        {
            byte[] pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.SetLength(0);
            stream.Write(pid);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new DataDirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
