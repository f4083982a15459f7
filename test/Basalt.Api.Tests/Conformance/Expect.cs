using System.Globalization;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Basalt.Api.Tests.Conformance;

/// <summary>Assertions for DynamoDB errors, items and consumed capacity.</summary>
internal static class Expect
{
    /// <summary>
    /// DynamoDB reports some validation messages inside the request-validation envelope
    /// ("1 validation error detected: ...") in some regions and bare in others; both are accepted, nothing else.
    /// </summary>
    public const string Envelope = "1 validation error detected: ";

    public static async Task<AmazonDynamoDBException> ValidationAsync(Func<Task> action, string message)
    {
        var ex = await ErrorAsync(action, "ValidationException");
        AssertMessage(message, ex.Message);
        return ex;
    }

    /// <summary>A ValidationException whose message is exactly one of <paramref name="messages"/> (with or without the envelope).</summary>
    public static async Task<AmazonDynamoDBException> ValidationOneOfAsync(Func<Task> action, params string[] messages)
    {
        var ex = await ErrorAsync(action, "ValidationException");
        if (!messages.Any(m => Matches(m, ex.Message)))
        {
            Assert.Fail($"Unexpected message: \"{ex.Message}\"; expected one of: {string.Join(" | ", messages.Select(m => $"\"{m}\""))}");
        }

        return ex;
    }

    /// <summary>A ValidationException whose message starts with <paramref name="prefix"/> (after any envelope).</summary>
    public static async Task<AmazonDynamoDBException> ValidationStartingWithAsync(Func<Task> action, string prefix)
    {
        var ex = await ErrorAsync(action, "ValidationException");
        var message = Unwrap(ex.Message);
        Assert.StartsWith(prefix, message, StringComparison.Ordinal);
        return ex;
    }

    /// <summary>A ValidationException whose message contains every fragment (for messages that echo request dumps).</summary>
    public static async Task<AmazonDynamoDBException> ValidationContainingAsync(Func<Task> action, params string[] fragments)
    {
        var ex = await ErrorAsync(action, "ValidationException");
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }

    /// <summary>Any AmazonDynamoDBException with the given error code and HTTP 400.</summary>
    public static async Task<AmazonDynamoDBException> ErrorAsync(Func<Task> action, string errorCode)
    {
        var ex = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(action);
        Assert.Equal(errorCode, ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        return ex;
    }

    /// <summary>ResourceNotFoundException for an item operation: "Requested resource not found".</summary>
    public static async Task ResourceNotFoundAsync(Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ResourceNotFoundException>(action);
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("Requested resource not found", ex.Message);
    }

    /// <summary>ResourceNotFoundException for a table operation: "Requested resource not found: Table: X not found".</summary>
    public static async Task TableNotFoundAsync(Func<Task> action, string table)
    {
        var ex = await Assert.ThrowsAsync<ResourceNotFoundException>(action);
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal($"Requested resource not found: Table: {table} not found", ex.Message);
    }

    public static async Task<ConditionalCheckFailedException> ConditionFailedAsync(Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ConditionalCheckFailedException>(action);
        Assert.Equal("ConditionalCheckFailedException", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("The conditional request failed", ex.Message);
        return ex;
    }

    public static void AssertMessage(string expected, string actual)
    {
        if (!Matches(expected, actual))
        {
            Assert.Equal(expected, actual);
        }
    }

    private static bool Matches(string expected, string actual) =>
        string.Equals(actual, expected, StringComparison.Ordinal) ||
        string.Equals(actual, Envelope + expected, StringComparison.Ordinal);

    private static string Unwrap(string message) =>
        message.StartsWith(Envelope, StringComparison.Ordinal) ? message[Envelope.Length..] : message;

    /// <summary>Items are equal when every attribute is equal; sets compare as sets, maps by key.</summary>
    public static void Item(Dictionary<string, AttributeValue>? expected, Dictionary<string, AttributeValue>? actual) =>
        Assert.Equal(Render(expected), Render(actual));

    public static void Value(AttributeValue expected, AttributeValue? actual) =>
        Assert.Equal(Render(expected), actual is null ? "<missing>" : Render(actual));

    /// <summary>Items in order.</summary>
    public static void Items(IEnumerable<Dictionary<string, AttributeValue>> expected, IEnumerable<Dictionary<string, AttributeValue>>? actual) =>
        Assert.Equal(expected.Select(Render).ToList(), (actual ?? []).Select(Render).ToList());

    /// <summary>Items in any order.</summary>
    public static void ItemSet(IEnumerable<Dictionary<string, AttributeValue>> expected, IEnumerable<Dictionary<string, AttributeValue>>? actual) =>
        Assert.Equal(expected.Select(Render).Order(StringComparer.Ordinal).ToList(), (actual ?? []).Select(Render).Order(StringComparer.Ordinal).ToList());

    public static void Capacity(double expected, string table, ConsumedCapacity? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(table, actual.TableName);
        Assert.Equal(expected, actual.CapacityUnits);
    }

    /// <summary>ReturnConsumedCapacity=INDEXES: the total plus the table's share.</summary>
    public static void CapacityWithTable(double expected, string table, ConsumedCapacity? actual)
    {
        Capacity(expected, table, actual);
        Assert.NotNull(actual!.Table);
        Assert.Equal(expected, actual.Table.CapacityUnits);
    }

    public static string Render(Dictionary<string, AttributeValue>? item)
    {
        if (item is null)
        {
            return "<null>";
        }

        var sb = new StringBuilder("{");
        foreach (var name in item.Keys.Order(StringComparer.Ordinal))
        {
            sb.Append(Quote(name)).Append(':').Append(Render(item[name])).Append(',');
        }

        return sb.Append('}').ToString();
    }

    public static string Render(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.S is not null)
        {
            return "S" + Quote(value.S);
        }

        if (value.N is not null)
        {
            return "N(" + value.N + ")";
        }

        if (value.B is not null)
        {
            return "B(" + Convert.ToBase64String(value.B.ToArray()) + ")";
        }

        if (value.SS is not null)
        {
            return "SS[" + string.Join(",", value.SS.Select(Quote).Order(StringComparer.Ordinal)) + "]";
        }

        if (value.NS is not null)
        {
            return "NS[" + string.Join(",", value.NS.Order(StringComparer.Ordinal)) + "]";
        }

        if (value.BS is not null)
        {
            return "BS[" + string.Join(",", value.BS.Select(b => Convert.ToBase64String(b.ToArray())).Order(StringComparer.Ordinal)) + "]";
        }

        if (value.M is not null)
        {
            return "M" + Render(value.M);
        }

        if (value.L is not null)
        {
            return "L[" + string.Join(",", value.L.Select(Render)) + "]";
        }

        if (value.BOOL.HasValue)
        {
            return value.BOOL.Value ? "BOOL(true)" : "BOOL(false)";
        }

        if (value.NULL.HasValue)
        {
            return "NULL(" + value.NULL.Value.ToString(CultureInfo.InvariantCulture) + ")";
        }

        return "<empty>";
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
