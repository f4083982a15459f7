using System.Text;
using Basalt.Protocol.Items.V1;
using Basalt.Simulation.Clients;
using Google.Protobuf;

namespace Basalt.Simulation.ClusterMode;

/// <summary>
/// The simulated DynamoDB operations as <c>Items.Execute</c> messages: the operation name, and a body
/// of key, value and expected value (the clients' <c>{pk: S, v: N}</c> items); replies carry an
/// HTTP-like status and the value seen.
/// </summary>
internal static class SimRequests
{
    public const int Ok = 200;
    public const int ConditionFailed = 400;

    /// <summary>Nothing happened (the node could not serve in time): safe to retry.</summary>
    public const int Unavailable = 503;

    /// <summary>The outcome is unknown (a write may have happened).</summary>
    public const int Ambiguous = 500;

    private const string Null = "\u0000";

    public static ExecuteRequest Request(KvOp op, string key, string? value, string? expected) => new()
    {
        Operation = op switch
        {
            KvOp.Get => "GetItem",
            KvOp.Put => "PutItem",
            KvOp.Update => "UpdateItem",
            _ => "DeleteItem",
        },
        Region = "sim",
        Body = ByteString.CopyFromUtf8(string.Join('\n', key, value ?? Null, expected ?? Null)),
    };

    public static (KvOp Op, string Key, string? Value, string? Expected) Parse(ExecuteRequest request)
    {
        var parts = request.Body.ToStringUtf8().Split('\n');
        var op = request.Operation switch
        {
            "GetItem" => KvOp.Get,
            "PutItem" => KvOp.Put,
            "UpdateItem" => KvOp.Update,
            "DeleteItem" => KvOp.Delete,
            var other => throw new InvalidOperationException("unknown operation " + other),
        };
        return (op, parts[0], parts[1] == Null ? null : parts[1], parts[2] == Null ? null : parts[2]);
    }

    public static ExecuteReply Reply(int status, string? value = null) => new()
    {
        Status = status,
        Body = ByteString.CopyFrom(Encoding.UTF8.GetBytes(value ?? Null)),
    };

    public static string? ValueOf(ExecuteReply reply)
    {
        var text = reply.Body.ToStringUtf8();
        return text == Null ? null : text;
    }

    public static ExecuteReply Correction(ulong group, ulong leader) => new()
    {
        Correction = new RouteCorrection { Group = group, LeaderNode = leader, LeaderAddress = leader == 0 ? "" : AddressOf(leader), Hosted = true },
    };

    public static string AddressOf(ulong node) => "sim://node-" + node;
}
