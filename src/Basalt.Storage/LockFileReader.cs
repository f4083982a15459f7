using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Basalt.Storage;

/// <summary>
/// Reads the pid recorded in a lock file that another process holds. .NET's FileStream takes a shared flock
/// even for reading, which an exclusive holder refuses, so on Unix the file is read with plain open/read.
/// On Windows the holder's share mode forbids reading altogether and the pid stays unknown.
/// </summary>
internal static partial class LockFileReader
{
    private const int ReadOnly = 0;

    public static int? TryReadProcessId(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return Parse(ReadUnix(path));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            return null;
        }
    }

    private static int? Parse(ReadOnlySpan<byte> content)
    {
        string text = Encoding.ASCII.GetString(content).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;
    }

    private static unsafe byte[] ReadUnix(string path)
    {
        int fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            return [];
        }

        try
        {
            byte[] buffer = new byte[32];
            fixed (byte* p = buffer)
            {
                nint read = Read(fd, p, buffer.Length);
                return read > 0 ? buffer.AsSpan(0, (int)read).ToArray() : [];
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
