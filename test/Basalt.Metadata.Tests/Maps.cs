using Basalt.Metadata.Commands;
using Basalt.Metadata.StateMachine;

namespace Basalt.Metadata.Tests;

/// <summary>Small helpers for building maps in tests.</summary>
internal static class Maps
{
    public const string Region = "us-east-1";

    /// <summary>Nodes 1..count, round-robin over <paramref name="zones"/> zones "z0", "z1", ...</summary>
    public static IEnumerable<RegisterNode> Nodes(int count, int zones) =>
        Enumerable.Range(1, count).Select(i => new RegisterNode((ulong)i, "z" + ((i - 1) % zones), $"10.0.0.{i}:7000"));

    public static CreateTable Table(string name, int partitions = 1, int replicas = 3, ulong id = 0) =>
        new(Region, name, id, partitions, replicas, System.Text.Encoding.UTF8.GetBytes("{\"name\":\"" + name + "\"}"));

    /// <summary>A map with <paramref name="nodes"/> nodes over <paramref name="zones"/> zones.</summary>
    public static PartitionMap WithNodes(int nodes = 6, int zones = 3)
    {
        var map = new PartitionMap();
        foreach (var c in Nodes(nodes, zones))
        {
            Assert.Equal(ApplyStatus.Applied, map.Apply(c).Status);
        }

        return map;
    }

    public static ApplyResult Applied(this PartitionMap map, MetaCommand command)
    {
        var result = map.Apply(command);
        Assert.True(result.Status == ApplyStatus.Applied, $"{command} → {result.Status}: {result.Error}");
        return result;
    }

    public static ApplyResult Rejected(this PartitionMap map, MetaCommand command)
    {
        var before = map.Snapshot();
        var result = map.Apply(command);
        Assert.True(result.Status == ApplyStatus.Rejected, $"{command} → {result.Status}");
        Assert.Equal(before, map.Snapshot());
        return result;
    }
}
