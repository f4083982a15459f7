namespace Basalt.Cli.Bench;

/// <summary>The X-Amz-Date value (yyyyMMddTHHmmssZ) of now, reformatted only when the second changes.</summary>
internal sealed class AmzDateClock(TimeProvider clock)
{
    private readonly byte[] _formatted = new byte[SigV4Signer.AmzDateLength];
    private long _second = -1;

    public ReadOnlySpan<byte> Now()
    {
        var now = clock.GetUtcNow();
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        if (second != _second)
        {
            Format(now.UtcDateTime, _formatted);
            _second = second;
        }

        return _formatted;
    }

    public static void Format(DateTime utc, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        writer.WritePadded(utc.Year, 4);
        writer.WritePadded(utc.Month, 2);
        writer.WritePadded(utc.Day, 2);
        writer.Write((byte)'T');
        writer.WritePadded(utc.Hour, 2);
        writer.WritePadded(utc.Minute, 2);
        writer.WritePadded(utc.Second, 2);
        writer.Write((byte)'Z');
    }
}
