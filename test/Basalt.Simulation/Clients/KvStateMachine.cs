using System.Text;

namespace Basalt.Simulation.Clients;

/// <summary>
/// The replicated key-value store with a session table: each client's latest applied operation
/// and its result, so a command applied twice (a retry, a duplicate) takes effect once (§6.3).
/// </summary>
internal sealed class KvStateMachine
{
    private readonly SortedDictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (long OpId, KvResult Result)> sessions = [];

    /// <summary>Applies a write (or replays its stored result) and returns the result for that operation.</summary>
    public KvResult Apply(KvCommand command)
    {
        if (sessions.TryGetValue(command.Client, out var last) && command.OpId <= last.OpId)
        {
            return command.OpId == last.OpId ? last.Result : new KvResult(false, "stale");
        }

        KvResult result;
        switch (command.Op)
        {
            case KvOp.Put:
                values[command.Key] = command.Value!;
                result = new KvResult(true, null);
                break;
            case KvOp.Cas:
                values.TryGetValue(command.Key, out var current);
                if (current == command.Expected)
                {
                    values[command.Key] = command.Value!;
                    result = new KvResult(true, null);
                }
                else
                {
                    result = new KvResult(false, null);
                }

                break;
            default:
                throw new InvalidOperationException("Only writes go through the log.");
        }

        sessions[command.Client] = (command.OpId, result);
        return result;
    }

    public string? Read(string key) => values.TryGetValue(key, out var v) ? v : null;

    /// <summary>The stored result of the client's operation, if it is the latest one applied.</summary>
    public KvResult? ResultOf(int client, long opId) =>
        sessions.TryGetValue(client, out var last) && last.OpId == opId ? last.Result : null;

    public byte[] Snapshot()
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in values)
        {
            sb.Append('v').Append('\t').Append(k).Append('\t').Append(v).Append('\n');
        }

        foreach (var (client, (opId, result)) in sessions)
        {
            sb.Append('s').Append('\t').Append(client.ToString(System.Globalization.CultureInfo.InvariantCulture))
              .Append('\t').Append(opId.ToString(System.Globalization.CultureInfo.InvariantCulture))
              .Append('\t').Append(result.Ok ? '1' : '0').Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        values.Clear();
        sessions.Clear();
        foreach (var line in Encoding.UTF8.GetString(snapshot).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts[0] == "v")
            {
                values[parts[1]] = parts[2];
            }
            else
            {
                sessions[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)] =
                    (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), new KvResult(parts[3] == "1", null));
            }
        }
    }
}
