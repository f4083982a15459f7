using System.Text;
using Basalt.Api.Auth;

namespace Basalt.Api.Tests.Auth;

/// <summary>Authentication runs on every request, so its steady state allocates nothing.</summary>
public sealed class SigV4AllocationTests
{
    private static readonly DateTimeOffset Now = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void AcceptingAWellFormedRequestWithoutCredentialsAllocatesNothing()
    {
        var authenticator = new SigV4Authenticator(null, new FixedClock(Now));
        var request = DynamoDbRequest();
        Assert.Equal(0, AllocatedBy(() => authenticator.Authenticate(request)));
    }

    [Fact]
    public void VerifyingASignatureAllocatesNothing()
    {
        var authenticator = new SigV4Authenticator(
            CredentialStore.Parse("AKIDEXAMPLE wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), new FixedClock(Now));
        var unsigned = DynamoDbRequest();
        unsigned = unsigned with { Headers = unsigned.Headers.Take(3).ToList() };
        var request = TestSigner.Sign(unsigned, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", Now);
        Assert.Equal(0, AllocatedBy(() => authenticator.Authenticate(request)));
    }

    private static long AllocatedBy(Action action)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static SignedRequest DynamoDbRequest() => new(
        "POST",
        "/",
        "",
        [
            new("Host", "localhost:8000"),
            new("Content-Type", "application/x-amz-json-1.0"),
            new("X-Amz-Target", "DynamoDB_20120810.GetItem"),
            new("X-Amz-Date", "20150830T123600Z"),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        ],
        Encoding.UTF8.GetBytes("{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"));
}
