using System.Globalization;

namespace Basalt.Api.Auth;

/// <summary>SigV4 timestamps: ISO-8601 basic format (<c>20150830T123600Z</c>) or an HTTP date.</summary>
internal static class AmzDate
{
    public const int Length = 16;

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="value"/> in basic format into 16 chars.</summary>
    public static void Format(DateTimeOffset value, Span<char> destination) =>
        value.UtcDateTime.TryFormat(destination, out _, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses the ISO-8601 basic format SigV4 signs with.</summary>
    public static bool TryParseBasic(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != Length || text[8] != 'T' || text[15] != 'Z')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(4, 2), out var month)
            || !TryDigits(text.Slice(6, 2), out var day) || !TryDigits(text.Slice(9, 2), out var hour)
            || !TryDigits(text.Slice(11, 2), out var minute) || !TryDigits(text.Slice(13, 2), out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>Parses a <c>Date</c> header: an HTTP date (RFC 1123) or the basic format.</summary>
    public static bool TryParseHttpDate(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        TryParseBasic(text, out value)
        || DateTimeOffset.TryParseExact(
            text.Trim(),
            "r",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
