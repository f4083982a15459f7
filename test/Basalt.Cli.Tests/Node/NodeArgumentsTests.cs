namespace Basalt.Cli.Tests.Node;

public sealed class NodeArgumentsTests
{
    [Fact]
    public void Peers_are_ids_with_host_and_port()
    {
        var peers = NodeCommand.ParsePeers("1=127.0.0.1:7001, 2=localhost:7002,3=[::1]:7003");
        Assert.Equal(new Uri("http://127.0.0.1:7001"), peers[1]);
        Assert.Equal(new Uri("http://localhost:7002"), peers[2]);
        Assert.Equal(new Uri("http://[::1]:7003"), peers[3]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1=127.0.0.1")]
    [InlineData("0=127.0.0.1:7001")]
    [InlineData("x=127.0.0.1:7001")]
    [InlineData("1=127.0.0.1:7001,1=127.0.0.1:7002")]
    [InlineData("1=127.0.0.1:7001/path")]
    public void Malformed_peers_are_refused(string text) => Assert.Throws<FormatException>(() => NodeCommand.ParsePeers(text));

    [Fact]
    public void Groups_are_ids_and_ranges()
    {
        Assert.Equal([1UL, 2, 3, 4, 9], NodeCommand.ParseGroups("3,1-4,9"));
        Assert.Empty(NodeCommand.ParseGroups(""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4-1")]
    [InlineData("a")]
    [InlineData("1-")]
    public void Malformed_groups_are_refused(string text) => Assert.Throws<FormatException>(() => NodeCommand.ParseGroups(text));

    [Fact]
    public void Listen_addresses_are_host_and_port()
    {
        Assert.Equal("127.0.0.1:7001", NodeCommand.ParseEndPoint("127.0.0.1:7001").ToString());
        Assert.Equal("127.0.0.1:0", NodeCommand.ParseEndPoint("localhost:0").ToString());
        Assert.Equal("[::1]:7001", NodeCommand.ParseEndPoint("[::1]:7001").ToString());
        Assert.Throws<FormatException>(() => NodeCommand.ParseEndPoint("127.0.0.1"));
        Assert.Throws<FormatException>(() => NodeCommand.ParseEndPoint("[::1]"));
        Assert.Throws<FormatException>(() => NodeCommand.ParseEndPoint("127.0.0.1:70000"));
    }
}
