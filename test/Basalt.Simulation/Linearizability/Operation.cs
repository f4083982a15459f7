using Basalt.Simulation.Clients;

namespace Basalt.Simulation.Linearizability;

/// <summary>
/// One client operation on one key as observed from outside: invoked at <see cref="Call"/>,
/// answered at <see cref="Return"/> with <see cref="Output"/>. An operation whose outcome is
/// unknown (the client gave up) has no output and may take effect at any time after its call, or never.
/// </summary>
public sealed record Operation(int Client, KvOp Op, string Key, string? Value, string? Expected, long Call, long Return, KvResult? Output)
{
    public const long Never = long.MaxValue;

    public bool OutcomeUnknown => Output is null;

    public static Operation Put(int client, string key, string value, long call, long ret, bool? ok = true) =>
        new(client, KvOp.Put, key, value, null, call, ok is null ? Never : ret, ok is null ? null : new KvResult(true, null));

    public static Operation Get(int client, string key, string? observed, long call, long ret) =>
        new(client, KvOp.Get, key, null, null, call, ret, new KvResult(true, observed));

    public static Operation Cas(int client, string key, string? expected, string value, long call, long ret, bool? swapped) =>
        new(client, KvOp.Cas, key, value, expected, call, swapped is null ? Never : ret, swapped is null ? null : new KvResult(swapped.Value, null));

    /// <summary>A conditional update: <paramref name="swapped"/> null = unknown outcome; when it failed, <paramref name="observed"/> is the value it saw.</summary>
    public static Operation Update(int client, string key, string? expected, string value, long call, long ret, bool? swapped, string? observed = null) =>
        new(client, KvOp.Update, key, value, expected, call, swapped is null ? Never : ret, swapped is null ? null : new KvResult(swapped.Value, swapped.Value ? null : observed));

    /// <summary>A delete: <paramref name="ok"/> null = unknown outcome.</summary>
    public static Operation Delete(int client, string key, long call, long ret, bool? ok = true) =>
        new(client, KvOp.Delete, key, null, null, call, ok is null ? Never : ret, ok is null ? null : new KvResult(true, null));

    public override string ToString() => Op switch
    {
        KvOp.Put => $"c{Client} put({Key}={Value}) [{Call},{Fmt(Return)}]{(OutcomeUnknown ? " ?" : "")}",
        KvOp.Get => $"c{Client} get({Key})→{Output?.Value ?? "∅"} [{Call},{Fmt(Return)}]",
        KvOp.Delete => $"c{Client} delete({Key}) [{Call},{Fmt(Return)}]{(OutcomeUnknown ? " ?" : "")}",
        KvOp.Update => $"c{Client} update({Key}:{Expected ?? "∅"}→{Value})→{(Output is null ? "?" : Output.Value.Ok ? "ok" : "failed, saw " + (Output.Value.Value ?? "∅"))} [{Call},{Fmt(Return)}]",
        _ => $"c{Client} cas({Key}:{Expected ?? "∅"}→{Value})→{(Output is null ? "?" : Output.Value.Ok ? "ok" : "fail")} [{Call},{Fmt(Return)}]",
    };

    private static string Fmt(long t) => t == Never ? "∞" : t.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
