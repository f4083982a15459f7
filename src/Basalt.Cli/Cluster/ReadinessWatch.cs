using System.Text;

namespace Basalt.Cli.Cluster;

/// <summary>
/// Waits for a process's readiness line in its log file: reads what was appended after
/// <see cref="Offset"/> (the log's length when the process was started), line by line.
/// </summary>
internal sealed class ReadinessWatch(string log, long offset)
{
    private readonly StringBuilder _partial = new();
    private long _position = offset;

    public long Offset { get; } = offset;

    /// <summary>The log's current length (where a process started now begins writing).</summary>
    public static long EndOf(string log) => File.Exists(log) ? new FileInfo(log).Length : 0;

    /// <summary>The first complete line appended so far that starts with <paramref name="prefix"/>, or null.</summary>
    public string? Poll(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!File.Exists(log))
        {
            return null;
        }

        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _position)
        {
            return null;
        }

        file.Seek(_position, SeekOrigin.Begin);
        var bytes = new byte[file.Length - _position];
        file.ReadExactly(bytes);
        _position += bytes.Length;
        _partial.Append(Encoding.UTF8.GetString(bytes));
        var text = _partial.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return null;
        }

        _partial.Clear().Append(text.AsSpan(end + 1));
        foreach (var line in text[..end].Split('\n'))
        {
            if (line.TrimEnd('\r').StartsWith(prefix, StringComparison.Ordinal))
            {
                return line.TrimEnd('\r');
            }
        }

        return null;
    }

    /// <summary>The last <paramref name="lines"/> lines of the log written since <see cref="Offset"/>, for error messages.</summary>
    public string Tail(int lines = 20)
    {
        if (!File.Exists(log))
        {
            return "(no output)";
        }

        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(Offset, file.Length - 16_384);
        file.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length == 0 ? "(no output)" : string.Join('\n', all.TakeLast(lines));
    }
}
