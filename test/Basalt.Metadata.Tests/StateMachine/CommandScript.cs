using Basalt.Metadata.Commands;
using Basalt.Metadata.Model;
using Basalt.Metadata.StateMachine;
using CsCheck;

namespace Basalt.Metadata.Tests.StateMachine;

/// <summary>
/// Random command sequences for property tests. A step is four random numbers that
/// <see cref="Materialize"/> turns into a command against the map as it stands, so most commands
/// name real tables, groups and replicas (and some deliberately do not).
/// </summary>
internal static class CommandScript
{
    public static Gen<(int Kind, int A, int B, ulong C)[]> Steps { get; } =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.ULong).Array[1, 80];

    /// <summary>Turns steps into commands by applying them to a fresh map as it goes.</summary>
    public static List<MetaCommand> Materialize((int Kind, int A, int B, ulong C)[] steps)
    {
        var map = new PartitionMap();
        var commands = new List<MetaCommand>();
        foreach (var step in steps)
        {
            var command = Next(map, step);
            commands.Add(command);
            map.Apply(command);
        }

        return commands;
    }

    private static MetaCommand Next(PartitionMap map, (int Kind, int A, int B, ulong C) s)
    {
        var groups = map.Tables.SelectMany(t => map.PartitionsOf(t.Id)).ToList();
        var nodes = map.Nodes.Select(n => n.Id).ToList();
        var p = groups.Count == 0 ? null : groups[s.A % groups.Count];
        switch (s.Kind)
        {
            case 0 or 1:
                return new RegisterNode((ulong)(s.A % 12) + 1, "z" + (s.B % 5), $"n{s.A % 12}:{s.B % 3}");
            case 2 or 3:
                return new CreateTable(
                    s.B % 7 == 0 ? "eu-west-1" : Maps.Region,
                    "t" + (s.A % 8),
                    0,
                    (int)(s.C % 6) + 1,
                    (s.B % 5) switch { 0 => 1, 1 => 2, _ => 3 },
                    BitConverter.GetBytes(s.C));
            case 4:
                return new DeleteTable(Maps.Region, "t" + (s.A % 8));
            case 5 when p is not null:
                var leader = s.B % 4 < 3 ? p.Replicas[s.B % p.Replicas.Length].NodeId : (ulong)(s.B % 13);
                return new SetLeader(p.GroupId, leader);
            case 6 when p is not null && nodes.Count > 0:
                var from = s.B % 5 == 0 ? 99UL : p.Replicas[s.B % p.Replicas.Length].NodeId;
                var to = s.B % 3 == 0 ? from : nodes[(int)(s.C % (ulong)nodes.Count)];
                return new ReplaceReplica(p.GroupId, from, to, s.C % 2 == 0 ? ReplicaKind.Full : ReplicaKind.Log);
            case 7 or 8 when p is not null:
                var width = p.Range.Last - p.Range.Lo;
                var at = s.B % 6 == 0 ? p.Range.Lo : p.Range.Lo + (width == 0 ? 0 : (s.C % width) + 1);
                return new SplitPartition(p.GroupId, at);
            case 9 when map.Tables.Any():
                var table = map.Tables.ElementAt(s.A % map.Tables.Count());
                return new UpdateTable(table.Id, BitConverter.GetBytes(s.C));
            default:
                return new RegisterNode((ulong)(s.A % 12) + 1, "z" + (s.B % 5), $"n{s.A % 12}:{s.B % 3}");
        }
    }
}
