using Basalt.Api.Auth;

namespace Basalt.Api.Tests.Auth;

public sealed class CredentialStoreTests
{
    [Fact]
    public void ReadsKeyAndSecretPerLineSkippingCommentsAndBlankLines()
    {
        var store = CredentialStore.Parse("# team keys\n\nAKID1 secret/one+\r\n  AKID2\tsecret#two  \n");

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGetSecret("AKID1", out var first));
        Assert.Equal("secret/one+", first);
        Assert.True(store.TryGetSecret("AKID2", out var second));
        Assert.Equal("secret#two", second);
        Assert.False(store.TryGetSecret("akid1", out _));
    }

    [Theory]
    [InlineData("AKID1\n", "creds:1: expected 'ACCESS_KEY_ID SECRET_ACCESS_KEY', found 1 field(s)")]
    [InlineData("# c\nAKID1 a b\n", "creds:2: expected 'ACCESS_KEY_ID SECRET_ACCESS_KEY', found 3 field(s)")]
    [InlineData("AKID1 a\nAKID1 b\n", "creds:2: access key id 'AKID1' appears more than once")]
    public void MalformedLinesAreRejectedWithTheirLineNumber(string contents, string message)
    {
        var error = Assert.Throws<FormatException>(() => CredentialStore.Parse(contents, "creds"));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void LoadReadsAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"basalt-creds-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(path, "AKID secret\n");
            Assert.True(CredentialStore.Load(path).TryGetSecret("AKID", out var secret));
            Assert.Equal("secret", secret);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
