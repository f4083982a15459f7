using System.Text;

namespace Basalt.Storage.Tests;

internal static class Bytes
{
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Of(params int[] values)
    {
        byte[] result = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = checked((byte)values[i]);
        }

        return result;
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
