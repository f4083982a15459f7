using Basalt.Api.Http;

namespace Basalt.Api.Tests.Http;

public sealed class RequestIdsTests
{
    [Fact]
    public void RequestIdsAre26UpperCaseBase32Characters()
    {
        var id = RequestIds.Next();

        Assert.Equal(26, id.Length);
        Assert.All(id, c => Assert.Contains(c, "0123456789ABCDEFGHIJKLMNOPQRSTUV"));
    }

    [Fact]
    public void RequestIdsDoNotRepeat()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(seen.Add(RequestIds.Next()));
        }
    }

    [Fact]
    public void ConsecutiveRequestIdsLookUnrelated()
    {
        var a = RequestIds.Next();
        var b = RequestIds.Next();

        // Same process prefix, but the counter half is mixed: far more than one character differs.
        Assert.Equal(a[..13], b[..13]);
        Assert.True(a[13..].Zip(b[13..]).Count(p => p.First != p.Second) > 3);
    }
}
