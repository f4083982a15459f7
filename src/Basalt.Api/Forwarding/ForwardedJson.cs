using System.Runtime.InteropServices;
using System.Text.Json;
using Basalt.Protocol.Items.V1;

namespace Basalt.Api.Forwarding;

/// <summary>JSON plumbing of forwarding: a request's raw bytes, rewritten shares, node replies passed through.</summary>
public static class ForwardedJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request body's bytes as the client sent them.</summary>
    public static ReadOnlySpan<byte> Raw(JsonElement body) => JsonMarshal.GetRawUtf8Value(body);

    /// <summary>A copy of <paramref name="body"/> without the members <paramref name="drop"/> names, plus what <paramref name="extra"/> writes.</summary>
    public static byte[] Rewrite(JsonElement body, IReadOnlyCollection<string> drop, Action<Utf8JsonWriter>? extra)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Raw(body).Length + 256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            foreach (var member in body.EnumerateObject())
            {
                if (!drop.Contains(member.Name))
                {
                    member.WriteTo(w);
                }
            }

            extra?.Invoke(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Throws the node's error when the reply is not a success.</summary>
    public static void ThrowIfError(ExecuteReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Status != 200)
        {
            throw ForwardedErrorException.From(reply.Status, reply.Body.Span);
        }
    }

    /// <summary>Writes the members of a node's success body into the response object (except <paramref name="skip"/>).</summary>
    public static void WriteMembers(Utf8JsonWriter w, ExecuteReply reply, string? skip = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ThrowIfError(reply);
        using var document = JsonDocument.Parse(reply.Body.Memory);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            if (skip is null || member.Name != skip)
            {
                member.WriteTo(w);
            }
        }
    }

    /// <summary>A node's success body, parsed (after throwing its error otherwise).</summary>
    public static JsonDocument Parse(ExecuteReply reply)
    {
        ThrowIfError(reply);
        return JsonDocument.Parse(reply.Body.Memory);
    }
}
