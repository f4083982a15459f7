using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Crash;

/// <summary>
/// An item whose content proves itself: a payload of several attribute types and a SHA-256 over all
/// of them, so a torn or mixed item (parts of two writes) cannot pass <see cref="IsIntact"/>.
/// </summary>
internal static class CrashPayload
{
    public const string Key = "pk";

    public static Dictionary<string, AttributeValue> Create(string key, int version, Random random)
    {
        var text = new StringBuilder();
        var length = random.Next(50, 3000);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next('a', 'z' + 1));
        }

        var bytes = new byte[random.Next(1, 600)];
        random.NextBytes(bytes);
        var number = random.NextInt64(-1_000_000_000_000, 1_000_000_000_000).ToString(CultureInfo.InvariantCulture) + ".25";
        var item = new Dictionary<string, AttributeValue>
        {
            [Key] = new() { S = key },
            ["version"] = new() { N = version.ToString(CultureInfo.InvariantCulture) },
            ["text"] = new() { S = text.ToString() },
            ["bytes"] = new() { B = new MemoryStream(bytes) },
            ["number"] = new() { N = number },
            ["list"] = new() { L = [new() { S = key }, new() { N = version.ToString(CultureInfo.InvariantCulture) }] },
        };
        item["checksum"] = new() { S = Checksum(item) };
        return item;
    }

    /// <summary>True when every attribute is there and the checksum matches them.</summary>
    public static bool IsIntact(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue("checksum", out var checksum) && item.ContainsKey("text") && item.ContainsKey("bytes")
        && item.ContainsKey("number") && item.ContainsKey("list") && item.ContainsKey("version")
        && checksum.S == Checksum(item);

    public static int VersionOf(Dictionary<string, AttributeValue> item) =>
        int.Parse(item["version"].N, CultureInfo.InvariantCulture);

    public static string Checksum(Dictionary<string, AttributeValue> item)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(item[Key].S + "|" + item["version"].N + "|" + item["text"].S + "|"));
        hash.AppendData(item["bytes"].B.ToArray());
        hash.AppendData(Encoding.UTF8.GetBytes("|" + NormalNumber(item["number"].N) + "|" + item["list"].L[0].S + "|" + item["list"].L[1].N));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>DynamoDB may print a number differently (125.25 vs 1.2525E2); the checksum uses its value.</summary>
    private static string NormalNumber(string number) =>
        decimal.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
