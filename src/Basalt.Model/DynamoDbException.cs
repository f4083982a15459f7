namespace Basalt.Model;

/// <summary>
/// An error that DynamoDB reports to the client: the short error code (the part after '#' in
/// <c>__type</c>), its message and HTTP status. Anything thrown as this reaches the client as
/// DynamoDB would send it; anything else is a bug (500 InternalServerError).
/// </summary>
public class DynamoDbException : Exception
{
    public DynamoDbException(string errorCode, string message, int statusCode = 400)
        : base(message)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public string ErrorCode { get; }

    public int StatusCode { get; }

    /// <summary>Service namespace of the <c>__type</c> field (DynamoDB's own, or a shared AWS one).</summary>
    public virtual string TypeNamespace => ErrorCode switch
    {
        "MissingAuthenticationTokenException" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "IncompleteSignatureException" or "AccessDeniedException" or "UnknownOperationException"
            or "SerializationException" or "ThrottlingException" or "RequestLimitExceeded" => "com.amazon.coral.service",
        _ => "com.amazonaws.dynamodb.v20120810",
    };
}

/// <summary>DynamoDB's ValidationException (HTTP 400).</summary>
public sealed class ValidationException(string message) : DynamoDbException("ValidationException", message)
{
}
