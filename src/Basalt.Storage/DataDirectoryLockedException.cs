using System.Globalization;

namespace Basalt.Storage;

/// <summary>Thrown when a data directory is already held by another Basalt process (or another engine in this one).</summary>
public sealed class DataDirectoryLockedException : Exception
{
    public DataDirectoryLockedException()
        : base("The data directory is in use by another Basalt process.")
    {
    }

    public DataDirectoryLockedException(string message)
        : base(message)
    {
    }

    public DataDirectoryLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataDirectoryLockedException(string directory, int? ownerProcessId, Exception? innerException)
        : base(FormatMessage(directory, ownerProcessId), innerException)
    {
        Directory = directory;
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>Full path of the locked data directory.</summary>
    public string? Directory { get; }

    /// <summary>Process id recorded by the lock holder, when it could be read.</summary>
    public int? OwnerProcessId { get; }

    private static string FormatMessage(string directory, int? ownerProcessId)
    {
        string pid = ownerProcessId is int id ? id.ToString(CultureInfo.InvariantCulture) : "unknown";
        return $"Data directory '{directory}' is in use by another Basalt process (pid {pid}); stop it or choose another --data-dir.";
    }
}
