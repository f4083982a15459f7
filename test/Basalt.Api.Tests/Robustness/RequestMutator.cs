using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Basalt.Api.Tests.Robustness;

/// <summary>One request the fuzzer sends: target, content type, whether it is signed, and the body bytes.</summary>
internal sealed record FuzzRequest(string? Target, string? ContentType, bool Signed, byte[] Body, string Description);

/// <summary>
/// Deterministic (seeded) mutations of valid DynamoDB requests: byte flips, truncation, inserted and
/// deleted bytes, invalid UTF-8, JSON nodes replaced by values of other types, huge numbers, deep
/// nesting, dropped and unknown members, and wrong targets, content types and signatures.
/// </summary>
internal sealed class RequestMutator(int seed)
{
    private const string Target = "DynamoDB_20120810.";
    private readonly Random _random = new(seed);

    public FuzzRequest Next()
    {
        var (operation, json) = ValidRequests.All[_random.Next(ValidRequests.All.Length)];
        var body = Encoding.UTF8.GetBytes(json);
        var description = new StringBuilder(operation);
        var mutations = _random.Next(4) switch { 0 => 0, 1 or 2 => 1, _ => 2 };
        for (var i = 0; i < mutations; i++)
        {
            body = MutateBody(body, description);
        }

        string? target = Target + operation;
        string? contentType = "application/x-amz-json-1.0";
        var signed = true;
        if (_random.Next(5) == 0)
        {
            switch (_random.Next(12))
            {
                case 0: target = null; description.Append(" | no target"); break;
                case 1: target = Target + "NoSuchOperation"; description.Append(" | unknown operation"); break;
                case 2: target = Target; description.Append(" | empty operation"); break;
                case 3: target = "DynamoDB_20111205." + operation; description.Append(" | old API version"); break;
                case 4: target = target.ToLowerInvariant(); description.Append(" | lower-case target"); break;
                case 5: target = Target + operation + "." + operation; description.Append(" | dotted target"); break;
                case 6: target = Target + ValidRequests.OtherOperations[_random.Next(ValidRequests.OtherOperations.Length)]; description.Append(" | other operation: ").Append(target); break;
                case 7: contentType = null; description.Append(" | no content type"); break;
                case 8: contentType = "text/plain"; description.Append(" | text/plain"); break;
                case 9: contentType = "application/x-amz-json-1.1"; description.Append(" | json 1.1"); break;
                case 10: contentType = "application/json"; description.Append(" | application/json"); break;
                default: signed = false; description.Append(" | unsigned"); break;
            }
        }

        return new FuzzRequest(target, contentType, signed, body, description.ToString());
    }

    private byte[] MutateBody(byte[] body, StringBuilder description)
    {
        switch (_random.Next(10))
        {
            case 0:
            {
                var copy = (byte[])body.Clone();
                var flips = _random.Next(1, 5);
                for (var i = 0; i < flips && copy.Length > 0; i++)
                {
                    copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
                }

                description.Append(" | flipped ").Append(flips).Append(" byte(s)");
                return copy;
            }

            case 1:
            {
                var length = body.Length == 0 ? 0 : _random.Next(body.Length);
                description.Append(" | truncated to ").Append(length);
                return body[..length];
            }

            case 2:
            {
                var at = _random.Next(body.Length + 1);
                byte[][] junk = [[0], [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [(byte)'"'], [(byte)'{'], [(byte)']'], [(byte)','], [(byte)'\\'], Encoding.UTF8.GetBytes("\\u0000")];
                var insert = junk[_random.Next(junk.Length)];
                description.Append(" | inserted ").Append(Convert.ToHexString(insert)).Append(" at ").Append(at);
                return [.. body[..at], .. insert, .. body[at..]];
            }

            case 3:
            {
                var at = body.Length == 0 ? 0 : _random.Next(body.Length);
                var count = Math.Min(body.Length - at, _random.Next(1, 20));
                description.Append(" | deleted ").Append(count).Append(" at ").Append(at);
                return [.. body[..at], .. body[(at + count)..]];
            }

            case 4:
                return InvalidUtf8InString(body, description);
            default:
                return MutateJson(body, description);
        }
    }

    private byte[] InvalidUtf8InString(byte[] body, StringBuilder description)
    {
        var quotes = new List<int>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '"')
            {
                quotes.Add(i);
            }
        }

        if (quotes.Count == 0)
        {
            return body;
        }

        var at = quotes[_random.Next(quotes.Count)] + 1;
        byte[][] invalid = [[0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xED, 0xB0, 0x80]];
        var bytes = invalid[_random.Next(invalid.Length)];
        description.Append(" | invalid UTF-8 ").Append(Convert.ToHexString(bytes)).Append(" at ").Append(at);
        return [.. body[..at], .. bytes, .. body[at..]];
    }

    private byte[] MutateJson(byte[] body, StringBuilder description)
    {
        JsonNode? root;
        var nodes = new List<JsonNode>();
        try
        {
            root = System.Text.Unicode.Utf8.IsValid(body) ? JsonNode.Parse(body) : null;
            if (root is null)
            {
                return body; // an earlier mutation already broke the JSON
            }

            Collect(root, nodes);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return body; // an earlier mutation already broke the JSON
        }

        var node = nodes[_random.Next(nodes.Count)];
        var choice = _random.Next(6);
        if (choice == 0 && node.Parent is JsonObject parentObject)
        {
            var name = node.GetPropertyName();
            parentObject.Remove(name);
            description.Append(" | removed ").Append(node.GetPath());
        }
        else if (choice == 1 && node is JsonObject target)
        {
            var name = _random.Next(3) switch { 0 => "Unknown", 1 => "S", _ => "TableName" };
            target[name] = WeirdValue();
            description.Append(" | set ").Append(target.GetPath()).Append('.').Append(name);
        }
        else if (choice == 2)
        {
            var depth = _random.Next(2) == 0 ? _random.Next(30, 100) : _random.Next(1000, 20000);
            var nested = new StringBuilder();
            var inMap = _random.Next(2) == 0;
            for (var i = 0; i < depth; i++)
            {
                nested.Append(inMap ? "{\"M\":{\"a\":" : "[");
            }

            nested.Append(inMap ? "{\"S\":\"x\"}" : "1");
            for (var i = 0; i < depth; i++)
            {
                nested.Append(inMap ? "}}" : "]");
            }

            description.Append(" | nested ").Append(depth).Append(" deep at ").Append(node.GetPath());
            return Replace(root, node, nested.ToString());
        }
        else
        {
            description.Append(" | replaced ").Append(node.GetPath());
            return Replace(root, node, WeirdValue()?.ToJsonString() ?? "null");
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>Serializes <paramref name="root"/> with <paramref name="node"/> replaced by raw JSON text (which may be invalid).</summary>
    private static byte[] Replace(JsonNode root, JsonNode node, string rawJson)
    {
        const string Marker = "\"\u0001REPLACE\u0001\"";
        if (node == root)
        {
            return Encoding.UTF8.GetBytes(rawJson);
        }

        var placeholder = JsonValue.Create("\u0001REPLACE\u0001");
        node.ReplaceWith(placeholder);
        var text = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return Encoding.UTF8.GetBytes(text.Replace(Marker, rawJson, StringComparison.Ordinal).Replace("\"\\u0001REPLACE\\u0001\"", rawJson, StringComparison.Ordinal));
    }

    private JsonNode? WeirdValue() => _random.Next(24) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(long.MaxValue),
        4 => JsonNode.Parse("1e999999"),
        5 => JsonNode.Parse("-0.0"),
        6 => JsonNode.Parse("123456789012345678901234567890123456789012345678901234567890"),
        7 => JsonValue.Create(""),
        8 => JsonValue.Create(new string('x', _random.Next(1000, 100_000))),
        9 => JsonValue.Create("\ud800"),
        10 => JsonValue.Create("\u0000\u001f"),
        11 => new JsonArray(),
        12 => new JsonObject(),
        13 => JsonNode.Parse("""{"S":"a","N":"1"}"""),
        14 => JsonNode.Parse("""{"N":"1e126"}"""),
        15 => JsonNode.Parse("""{"N":"12345678901234567890123456789012345678901"}"""),
        16 => JsonNode.Parse("""{"N":"not a number"}"""),
        17 => JsonNode.Parse("""{"SS":[]}"""),
        18 => JsonNode.Parse("""{"NS":["1","1.0"]}"""),
        19 => JsonNode.Parse("""{"B":"not base64!"}"""),
        20 => JsonNode.Parse("""{"L":[{"M":{}},{"BS":["AA==","AA=="]}]}"""),
        21 => JsonValue.Create("9".PadRight(500, '9')),
        22 => JsonValue.Create(_random.Next().ToString(CultureInfo.InvariantCulture)),
        _ => JsonNode.Parse("""{"S":1}"""),
    };

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }
}
