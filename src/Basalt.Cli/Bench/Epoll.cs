using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Basalt.Cli.Bench;

/// <summary>
/// One Linux epoll instance (libc <c>epoll_create1</c>/<c>epoll_ctl</c>/<c>epoll_wait</c>), level-triggered,
/// each registration carrying a caller-chosen 64-bit token. Events are read from a reusable buffer:
/// no allocation per wait. Not thread-safe: one owner thread.
/// </summary>
internal sealed class Epoll : IDisposable
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    private const int CloseOnExec = 0x80000;
    private const int Add = 1;
    private const int Delete = 2;
    private const int Modify = 3;
    private const int Interrupted = 4;

    // struct epoll_event { uint32_t events; epoll_data_t data; } is packed on x86-64 only.
    private static readonly int Stride = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly byte[] _events;
    private readonly byte[] _control = new byte[16];
    private int _fd;

    public Epoll(int maxEvents = 256)
    {
        _fd = NativeMethods.epoll_create1(CloseOnExec);
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _events = new byte[maxEvents * Stride];
    }

    public static bool IsSupported => OperatingSystem.IsLinux();

    public void Register(nint fd, uint events, ulong token) => Control(Add, fd, events, token);

    public void Change(nint fd, uint events, ulong token) => Control(Modify, fd, events, token);

    public void Unregister(nint fd) => Control(Delete, fd, 0, 0);

    /// <summary>Waits up to <paramref name="timeoutMs"/> ms (-1: forever); returns the number of ready events (0 on timeout or signal).</summary>
    public int Wait(int timeoutMs)
    {
        var count = NativeMethods.epoll_wait(_fd, _events, _events.Length / Stride, timeoutMs);
        if (count >= 0)
        {
            return count;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Interrupted ? 0 : throw new Win32Exception(errno, "epoll_wait failed");
    }

    /// <summary>The events and token of the <paramref name="index"/>th ready event of the last <see cref="Wait"/>.</summary>
    public (uint Events, ulong Token) this[int index]
    {
        get
        {
            var entry = _events.AsSpan(index * Stride, Stride);
            return (BinaryPrimitives.ReadUInt32LittleEndian(entry), BinaryPrimitives.ReadUInt64LittleEndian(entry[DataOffset..]));
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = NativeMethods.close(_fd);
            _fd = -1;
        }
    }

    private void Control(int operation, nint fd, uint events, ulong token)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_control, events);
        BinaryPrimitives.WriteUInt64LittleEndian(_control.AsSpan(DataOffset), token);
        if (NativeMethods.epoll_ctl(_fd, operation, checked((int)fd), _control) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl failed");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_create1(int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_ctl(int epfd, int op, int fd, [In] byte[] @event);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_wait(int epfd, [In, Out] byte[] events, int maxevents, int timeout);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
    }
}
