using System.Net;
using System.Text;

namespace Basalt.Cli.Bench;

/// <summary>A DynamoDB reply: HTTP status, the error code (empty on success) and the body text.</summary>
internal sealed record DynamoDbReply(int Status, string ErrorCode, string Body)
{
    public bool Ok => Status == 200;
}

/// <summary>
/// Unhurried requests (table setup, preload batches) over one connection of the benchmark's own
/// HTTP client and signer; allocates freely.
/// </summary>
internal sealed class DynamoDbControlClient : IDisposable
{
    private readonly HttpConnection _connection;
    private readonly SignedRequestWriter _writer;

    public DynamoDbControlClient(EndPoint endpoint, string hostHeader, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = new HttpConnection(endpoint);
        _writer = new SignedRequestWriter(new SigV4Signer(options.AccessKey, options.SecretKey, options.Region), hostHeader, TimeProvider.System);
    }

    public SignedRequestWriter Writer => _writer;

    public async Task<DynamoDbReply> SendAsync(string operation, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        _writer.EnsureBodyCapacity(body.Length);
        body.Span.CopyTo(_writer.Body);
        return await SendWrittenAsync(operation, body.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the first <paramref name="length"/> bytes already written to <see cref="Writer"/>'s body.</summary>
    public async Task<DynamoDbReply> SendWrittenAsync(string operation, int length, CancellationToken cancellationToken)
    {
        var request = _writer.Encode(Encoding.ASCII.GetBytes(operation), length);
        var response = await _connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var code = response.Status == 200 ? string.Empty : Encoding.UTF8.GetString(HttpResponseParser.ErrorCode(response.Body.Span));
        return new DynamoDbReply(response.Status, code, Encoding.UTF8.GetString(response.Body.Span));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _writer.Dispose();
    }
}
