using System.Text.Json;
using System.Text.Json.Serialization;

namespace Basalt.Cli.Cluster;

/// <summary>
/// D/cluster.json: every process of a cluster started by <c>basalt cluster up</c> with its command
/// line, addresses and current pid, and the supervisor's pid, so that <c>status</c>, <c>kill</c>,
/// <c>restart</c> and <c>down</c> from another shell find them. Versioned by <see cref="Format"/>.
/// </summary>
internal sealed class ClusterState
{
    public const int CurrentFormat = 1;
    public const string FileName = "cluster.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public int Format { get; init; } = CurrentFormat;

    public required string DataDirectory { get; init; }

    public required int Zones { get; init; }

    /// <summary>The foreground <c>cluster up</c> process while it runs (pid 0: none).</summary>
    public int SupervisorPid { get; set; }

    public long SupervisorStartTime { get; set; }

    public required List<ClusterProcess> Processes { get; init; }

    [JsonIgnore]
    public IEnumerable<ClusterProcess> Meta => Processes.Where(p => p.Role == ClusterRoles.Meta);

    [JsonIgnore]
    public IEnumerable<ClusterProcess> Routers => Processes.Where(p => p.Role == ClusterRoles.Router);

    [JsonIgnore]
    public IEnumerable<ClusterProcess> Nodes => Processes.Where(p => p.Role == ClusterRoles.Node);

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>
    /// A process by what the user typed: a storage node's id (<c>3</c>) or a process name
    /// (<c>node-3</c>, <c>meta-1</c>, <c>router-2</c>); null when there is none.
    /// </summary>
    public ClusterProcess? Find(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var name = target.All(char.IsAsciiDigit) ? $"{ClusterRoles.Node}-{target.TrimStart('0')}" : target;
        return Processes.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Records as stopped every process recorded running that is gone, and forgets a supervisor that is gone.</summary>
    public void MarkExited()
    {
        foreach (var process in Processes.Where(p => p.State == ProcessStates.Running && !OsProcesses.IsAlive(p.Pid, p.StartTime)))
        {
            process.State = ProcessStates.Stopped;
        }

        if (!OsProcesses.IsAlive(SupervisorPid, SupervisorStartTime))
        {
            SupervisorPid = 0;
            SupervisorStartTime = 0;
        }
    }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a state file's text; refuses another format.</summary>
    public static ClusterState Deserialize(string text)
    {
        using (var document = JsonDocument.Parse(text))
        {
            if (!document.RootElement.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != CurrentFormat)
            {
                throw new FormatException($"{FileName} is not format {CurrentFormat} (written by another version of basalt?)");
            }
        }

        return JsonSerializer.Deserialize<ClusterState>(text, Json) ?? throw new FormatException($"{FileName} is empty");
    }

    /// <summary>The state in <paramref name="dataDirectory"/>, or null when there is no cluster.json.</summary>
    public static ClusterState? Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return File.Exists(path) ? Deserialize(File.ReadAllText(path)) : null;
    }

    /// <summary>Writes cluster.json atomically (a temporary file renamed over it).</summary>
    public void Save()
    {
        Directory.CreateDirectory(DataDirectory);
        var path = PathIn(DataDirectory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Serialize());
        File.Move(temporary, path, overwrite: true);
    }
}
