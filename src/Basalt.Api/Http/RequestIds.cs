using System.Security.Cryptography;

namespace Basalt.Api.Http;

/// <summary>
/// x-amzn-RequestId values: 26 characters of DynamoDB's upper-case base-32 alphabet, unique within
/// the process and unpredictable across processes. A random per-process prefix plus a bijective
/// mix of a counter, so no random-number generator (and no system call) is needed per request.
/// </summary>
public static class RequestIds
{
    public const int Length = 26;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    private static readonly ulong ProcessPrefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static readonly ulong CounterKey = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static long _counter;

    public static string Next()
    {
        var counter = (ulong)Interlocked.Increment(ref _counter);
        return string.Create(Length, (ProcessPrefix, Mix(counter ^ CounterKey)), static (chars, state) =>
        {
            Encode(state.Item1, chars[..13]);
            Encode(state.Item2, chars[13..]);
        });
    }

    /// <summary>SplitMix64's finaliser: a bijection on 64-bit values, so distinct counters give distinct ids.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>13 base-32 digits hold 65 bits: all of a 64-bit value.</summary>
    private static void Encode(ulong value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
    }
}
