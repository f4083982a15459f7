using Basalt.Metadata.MemDs;
using Basalt.Metadata.Model;
using Basalt.Protocol.MemDs.V1;
using Google.Protobuf;
using Grpc.Core;
using MemDsProto = Basalt.Protocol.MemDs.V1.MemDs;

namespace Basalt.Control.MemDs;

/// <summary>The <c>basalt.memds.v1.MemDs</c> service over a followed <see cref="MemDsStore"/>: floor lookups and whole tables, with node addresses.</summary>
public sealed class MemDsService(MemDsStore store, MemDsMetrics metrics) : MemDsProto.MemDsBase
{
    public override Task<LookupReply> Lookup(LookupRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.Lookups.Inc();
        var version = store.Version;
        var reply = store.TryFloor(request.TableId, request.KeyHash, out var partition)
            ? new LookupReply { Found = true, Partition = ToWire(store, partition), MapVersion = version }
            : new LookupReply { Found = false, MapVersion = version };
        return Task.FromResult(reply);
    }

    public override Task<TableReply> Table(TableRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.TableLookups.Inc();
        var version = store.Version;
        var table = request.TableId != 0 ? store.FindTable(request.TableId) : store.FindTable(request.Region, request.Name);
        if (table is null)
        {
            return Task.FromResult(new TableReply { Found = false, MapVersion = version });
        }

        var reply = new TableReply
        {
            Found = true,
            TableId = table.Id,
            Region = table.Region,
            Name = table.Name,
            Definition = ByteString.CopyFrom(table.Definition.Span),
            TableVersion = table.Version,
            MapVersion = version,
        };
        var nodes = new HashSet<ulong>();
        foreach (var p in store.PartitionsOf(table.Id))
        {
            reply.Partitions.Add(ToWire(store, p));
            foreach (var r in p.Replicas)
            {
                if (nodes.Add(r.NodeId) && store.FindNode(r.NodeId) is { } node)
                {
                    reply.Nodes.Add(new Protocol.MemDs.V1.Node { Id = node.Id, Zone = node.Zone, Address = node.Address });
                }
            }
        }

        return Task.FromResult(reply);
    }

    internal static Protocol.MemDs.V1.Partition ToWire(MemDsStore store, PartitionInfo p)
    {
        var wire = new Protocol.MemDs.V1.Partition { TableId = p.TableId, Group = p.GroupId, HashLo = p.Range.Lo, HashLast = p.Range.Last, LeaderHint = p.LeaderHint, Version = p.Version };
        foreach (var r in p.Replicas)
        {
            wire.Replicas.Add(new Replica { Node = r.NodeId, Zone = r.Zone, Kind = (uint)r.Kind, Address = store.FindNode(r.NodeId)?.Address ?? string.Empty });
        }

        return wire;
    }
}
