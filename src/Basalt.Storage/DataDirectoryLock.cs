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
        catch (IOException e) when (IsLockContention(e))
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

    /// <summary>
    /// True for the IOException FileStream throws when another handle holds the lock: on Unix its HResult is the
    /// errno of the refused flock (EWOULDBLOCK), on Windows ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
    /// Any other I/O failure (read-only disk, I/O error) is not contention and propagates unchanged.
    /// </summary>
    private static bool IsLockContention(IOException e)
    {
        if (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            return false;
        }

        const int ErrorSharingViolation = 32;
        const int ErrorLockViolation = 33;
        const int LinuxEWouldBlock = 11;
        const int BsdEWouldBlock = 35;
        if (OperatingSystem.IsWindows())
        {
            int code = e.HResult & 0xFFFF;
            return code is ErrorSharingViolation or ErrorLockViolation;
        }

        return e.HResult == (OperatingSystem.IsLinux() ? LinuxEWouldBlock : BsdEWouldBlock);
    }
}
