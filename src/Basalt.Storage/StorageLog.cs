using Microsoft.Extensions.Logging;

namespace Basalt.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened RocksDB storage in {Directory} (compression: {Compressed})")]
    public static partial void Opened(ILogger logger, string directory, bool compressed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The native RocksDB library cannot compress; opening {Path} without compression")]
    public static partial void CompressionUnavailable(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Flushing RocksDB storage in {Directory} on close failed; the WAL will be replayed on the next open")]
    public static partial void FlushOnCloseFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Closed RocksDB storage in {Directory}")]
    public static partial void Closed(ILogger logger, string directory);
}
