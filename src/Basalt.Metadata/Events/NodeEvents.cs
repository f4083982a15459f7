using Basalt.Metadata.Codec;
using Basalt.Metadata.Model;

namespace Basalt.Metadata.Events;

/// <summary>A node was registered or its address changed.</summary>
public sealed record NodeRegistered(ulong Version, NodeInfo Node) : MapEvent(Version)
{
    internal override EventTag Tag => EventTag.NodeRegistered;

    private protected override void WriteFields(MetaWriter w) => ModelCodec.Write(w, Node);
}
