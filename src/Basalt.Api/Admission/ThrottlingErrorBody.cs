using System.Text.Json;
using Basalt.Router.Admission;

namespace Basalt.Api.Admission;

/// <summary>
/// The error DynamoDB answers a throttled request with (HTTP 400, retried by the AWS SDKs):
/// ProvisionedThroughputExceededException for provisioned tables, ThrottlingException for
/// on-demand ones, each with ThrottlingReasons naming the limit and the table's ARN.
/// </summary>
public static class ThrottlingErrorBody
{
    public const int StatusCode = 400;

    public const string ProvisionedMessage =
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.";

    public const string OnDemandMessage =
        "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";

    public static void Write(Utf8JsonWriter writer, in AdmissionTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var onDemand = ticket.Decision.Mode == CapacityMode.OnDemand;
        writer.WriteStartObject();
        writer.WriteString(
            "__type",
            onDemand ? "com.amazon.coral.availability#ThrottlingException" : "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        writer.WriteString("message", onDemand ? OnDemandMessage : ProvisionedMessage);
        // The service model spells the member differently on the two exceptions.
        writer.WriteStartArray(onDemand ? "throttlingReasons" : "ThrottlingReasons");
        writer.WriteStartObject();
        writer.WriteString("reason", ticket.Decision.Reason.WireName());
        writer.WriteString("resource", ticket.Definition?.Arn ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
