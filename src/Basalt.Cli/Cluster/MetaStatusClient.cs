using Basalt.Protocol.Meta.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Basalt.Cli.Cluster;

/// <summary>
/// Asks the meta members for <c>Status</c> and keeps the leader's answer (the leader tracks node
/// health; followers only know the map). One channel per member, reused across polls.
/// </summary>
internal sealed class MetaStatusClient : IDisposable
{
    private readonly List<(int Id, GrpcChannel Channel, Meta.MetaClient Client)> _members;

    public MetaStatusClient(IEnumerable<(int Id, string Url)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = [.. members.Select(m =>
        {
            var channel = GrpcChannel.ForAddress(m.Url);
            return (m.Id, channel, new Meta.MetaClient(channel));
        })];
    }

    public string? LastError { get; private set; }

    /// <summary>The leader's Status (or, when no member names itself leader, the most recent map's); null when no member answered.</summary>
    public async Task<StatusReply?> StatusAsync(CancellationToken cancellationToken)
    {
        var calls = _members.Select(async member =>
        {
            try
            {
                var reply = await member.Client.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellationToken).ConfigureAwait(false);
                return (member.Id, Reply: reply, Error: (string?)null);
            }
            catch (RpcException error)
            {
                return (member.Id, Reply: (StatusReply?)null, Error: $"meta {member.Id}: {error.Status.StatusCode} {error.Status.Detail}");
            }
        }).ToList();
        var answers = await Task.WhenAll(calls).ConfigureAwait(false);
        var replies = answers.Where(a => a.Reply is not null).ToList();
        LastError = replies.Count == 0 ? string.Join("; ", answers.Select(a => a.Error)) : null;
        if (replies.Count == 0)
        {
            return null;
        }

        var leader = replies.FirstOrDefault(a => a.Reply!.MetaLeader == (ulong)a.Id);
        return leader.Reply ?? replies.MaxBy(a => a.Reply!.MapVersion).Reply;
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Channel.Dispose();
        }
    }
}
