using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using Basalt.Api.Admission;
using Basalt.Api.Auth;
using Basalt.Api.Protocol;
using Basalt.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Basalt.Api.Http;

/// <summary>
/// The DynamoDB JSON 1.0 protocol over HTTP: POST / with X-Amz-Target, SigV4, JSON body in,
/// JSON body out with x-amzn-RequestId and x-amz-crc32, errors as DynamoDB sends them.
/// </summary>
public sealed partial class DynamoDbEndpoint(OperationRegistry operations, SigV4Authenticator authenticator, ILogger logger, RequestAdmission? admission = null)
{
    public const int MaxRequestBytes = 16 * 1024 * 1024;
    private const string TargetPrefix = "DynamoDB_20120810.";
    private const string StreamsTargetPrefix = "DynamoDBStreams_20120810.";
    private const string JsonContentType = "application/x-amz-json-1.0";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    /// <summary>Operations short enough to run on the thread that read the request (one item each).</summary>
    private static readonly FrozenSet<string> InlineOperations = FrozenSet.Create(StringComparer.Ordinal, "GetItem", "PutItem", "UpdateItem", "DeleteItem");

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requestId = NewRequestId();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            await WriteHealthAsync(http, requestId).ConfigureAwait(false);
            return;
        }

        using var response = new ResponseBuffer();
        var status = 200;
        byte[]? rented = null;
        try
        {
            var (body, length) = await ReadBodyAsync(http.Request).ConfigureAwait(false);
            rented = body;
            var memory = body.AsMemory(0, length);
            if (!System.Text.Unicode.Utf8.IsValid(memory.Span))
            {
                throw new DynamoDbException("SerializationException", "Request body is not valid UTF-8");
            }
            var identity = authenticator.Authenticate(ToSignedRequest(http.Request, memory));
            var operation = FindOperation(http.Request.Headers["X-Amz-Target"].ToString());
            using var document = ParseBody(memory);
            var context = new RequestContext(document.RootElement, identity.Region, identity.AccessKeyId, http.RequestAborted);
            var ticket = admission?.Admit(operation.Name, context) ?? default;
            if (ticket.Throttled)
            {
                status = ThrottlingErrorBody.StatusCode;
                ThrottlingErrorBody.Write(response.Writer, ticket);
            }
            else
            {
                try
                {
                    if (!InlineOperations.Contains(operation.Name))
                    {
                        // A request may be read on a socket event-loop thread (inline scheduling): only
                        // single-item operations are served there; anything that may run longer
                        // moves to the thread pool so it holds up no other connection.
                        await Task.Yield();
                    }

                    response.Writer.WriteStartObject();
                    await operation.ExecuteAsync(context, response.Writer).ConfigureAwait(false);
                    response.Writer.WriteEndObject();
                }
                finally
                {
                    admission?.Debit(ticket, context);
                }
            }
        }
        catch (DynamoDbException error)
        {
            status = error.StatusCode;
            response.Reset();
            ErrorBody.Write(response.Writer, error);
        }
        catch (InvalidOperationException error) when (error.Source == "System.Text.Json")
        {
            // A JSON string that cannot be read as text (e.g. an escaped lone surrogate).
            status = 400;
            response.Reset();
            ErrorBody.Write(response.Writer, new DynamoDbException("SerializationException", "Request body contains a string that is not valid Unicode"));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // Any other failure is a bug: answer 500 InternalServerError, never drop the connection.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogInternalError(logger, requestId, error);
            status = 500;
            response.Reset();
            ErrorBody.Write(response.Writer, new DynamoDbException("InternalServerError", "Internal server error", 500));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        response.Writer.Flush();
        await WriteResponseAsync(http, requestId, status, response.Buffer.WrittenMemory).ConfigureAwait(false);
    }

    private IOperation FindOperation(string target)
    {
        // One registry for both APIs; a Streams operation answers only under the Streams prefix and vice versa.
        var streams = target.StartsWith(StreamsTargetPrefix, StringComparison.Ordinal);
        var prefixLength = streams ? StreamsTargetPrefix.Length : TargetPrefix.Length;
        if ((streams || target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            && operations.TryGet(target.AsSpan(prefixLength), out var operation)
            && operation is Streams.IStreamsOperation == streams)
        {
            return operation;
        }

        throw new DynamoDbException("UnknownOperationException", string.Empty);
    }

    internal static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body, ParseOptions);
        }
        catch (JsonException)
        {
            throw new DynamoDbException("SerializationException", "Start of structure or map found where not expected");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new DynamoDbException("SerializationException", "Start of structure or map found where not expected");
        }

        return document;
    }

    private static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request)
    {
        var declared = request.ContentLength;
        if (declared > MaxRequestBytes)
        {
            throw new DynamoDbException("RequestEntityTooLarge", "Request must be smaller than 16777216 bytes for the operation", 413);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxRequestBytes + 1)
                    {
                        throw new DynamoDbException("RequestEntityTooLarge", "Request must be smaller than 16777216 bytes for the operation", 413);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxRequestBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static SignedRequest ToSignedRequest(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            headers.Add(new KeyValuePair<string, string>(header.Key, header.Value.ToString()));
        }

        var query = request.QueryString.HasValue ? request.QueryString.Value!.TrimStart('?') : string.Empty;
        return new SignedRequest(request.Method, request.Path.HasValue ? request.Path.Value! : "/", query, headers, body);
    }

    private static async Task WriteResponseAsync(HttpContext http, string requestId, int status, ReadOnlyMemory<byte> body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amz-crc32"] = Crc32.HashToUInt32(body.Span).ToString(CultureInfo.InvariantCulture);
        await response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    private static Task WriteHealthAsync(HttpContext http, string requestId)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        return http.Response.WriteAsync("healthy: dynamodb.us-east-1.amazonaws.com ");
    }

    private static string NewRequestId() => RequestIds.Next();

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed with an internal error")]
    private static partial void LogInternalError(ILogger logger, string requestId, Exception error);
}
