using System.Text.Json;
using Basalt.Api.Http;
using Basalt.Api.Protocol;
using Basalt.Model;
using Basalt.Protocol.Items.V1;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basalt.Api.Cluster;

/// <summary>
/// Runs a router's <see cref="ExecuteRequest"/> on a storage node in cluster mode: the same
/// operations <c>basalt serve</c> answers (one <see cref="OperationRegistry"/>), over this node's
/// <see cref="Database"/>. The reply carries the HTTP status and the DynamoDB JSON body (errors
/// written as the HTTP endpoint writes them), or a <see cref="RouteCorrection"/> when the node does
/// not lead a partition the request needs. A request made with a newer map than this node's first
/// waits (bounded) for the node's mirror to catch up.
/// </summary>
public sealed partial class ItemsExecutor(Database database, OperationRegistry operations, IClusterMap map, ILogger? logger = null)
{
    /// <summary>How long a request waits for this node's map to reach the router's version.</summary>
    public TimeSpan MapWait { get; init; } = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<ExecuteReply> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MapVersion > map.Store.Version)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(MapWait);
            try
            {
                await map.WaitForVersionAsync(request.MapVersion, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Answer from the map this node has: it is authoritative for what it hosts.
            }
        }

        using var response = new ResponseBuffer();
        var status = 200;
        try
        {
            if (!operations.TryGet(request.Operation, out var operation))
            {
                throw new DynamoDbException("UnknownOperationException", string.Empty);
            }

            if (operation is Streams.IStreamsOperation)
            {
                throw new ValidationException("DynamoDB Streams are not available in a Basalt cluster yet.");
            }

            var body = request.Body.Memory;
            if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            {
                throw new DynamoDbException("SerializationException", "Request body is not valid UTF-8");
            }

            using var document = DynamoDbEndpoint.ParseBody(body);
            var context = new RequestContext(document.RootElement, request.Region, request.AccessKeyId, cancellationToken) { Group = request.Group };
            response.Writer.WriteStartObject();
            await operation.ExecuteAsync(context, response.Writer).ConfigureAwait(false);
            response.Writer.WriteEndObject();
        }
        catch (NotLeaderException notLeader)
        {
            return new ExecuteReply { Correction = Correction(notLeader) };
        }
        catch (DynamoDbException error)
        {
            status = error.StatusCode;
            response.Reset();
            ErrorBody.Write(response.Writer, error);
        }
        catch (InvalidOperationException error) when (error.Source == "System.Text.Json")
        {
            status = 400;
            response.Reset();
            ErrorBody.Write(response.Writer, new DynamoDbException("SerializationException", "Request body contains a string that is not valid Unicode"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any other failure is a bug: answer 500 InternalServerError, as the HTTP endpoint does.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogInternalError(_logger, request.Operation, error);
            status = 500;
            response.Reset();
            ErrorBody.Write(response.Writer, new DynamoDbException("InternalServerError", "Internal server error", 500));
        }

        response.Writer.Flush();
        return new ExecuteReply { Status = status, Body = ByteString.CopyFrom(response.Buffer.WrittenSpan) };
    }

    /// <summary>Where the router should go instead: the leader as this node knows it, with its address from the map.</summary>
    public RouteCorrection Correction(NotLeaderException notLeader)
    {
        ArgumentNullException.ThrowIfNull(notLeader);
        var store = map.Store;
        return new RouteCorrection
        {
            Group = notLeader.Group,
            LeaderNode = notLeader.LeaderNode,
            LeaderAddress = notLeader.LeaderNode == 0 ? string.Empty : store.FindNode(notLeader.LeaderNode)?.Address ?? string.Empty,
            MapVersion = store.Version,
            Hosted = notLeader.Hosted,
        };
    }

    /// <summary>The database requests run against.</summary>
    public Database Database => database;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed with an internal error")]
    private static partial void LogInternalError(ILogger logger, string operation, Exception error);
}
