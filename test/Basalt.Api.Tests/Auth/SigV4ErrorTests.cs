using System.Text;
using Basalt.Api.Auth;
using Basalt.Model;

namespace Basalt.Api.Tests.Auth;

/// <summary>Every way a signature can be wrong gets DynamoDB's exact error code and message.</summary>
public sealed class SigV4ErrorTests
{
    private const string Key = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string GoodCredential = "AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request";
    private static readonly DateTimeOffset Now = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void NoAuthorizationHeaderIsAMissingAuthenticationToken() =>
        AssertError(Open(), Request(), "MissingAuthenticationTokenException", "Request is missing Authentication Token");

    [Theory]
    [InlineData("")]
    [InlineData("AWS4")]
    [InlineData("Bearer abc")]
    [InlineData("AWS AKIAI2HBJEUM7LRSTWOQ:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=")]
    public void AuthorizationHeaderNotStartingWithAws4DashIsAMissingAuthenticationToken(string header) =>
        AssertError(Open(), Request(("Authorization", header)), "MissingAuthenticationTokenException", "Request is missing Authentication Token");

    [Fact]
    public void BareAws4DashListsEveryMissingPartAndEchoesTheHeader() =>
        AssertError(
            Open(),
            Request(("Authorization", "AWS4-")),
            "IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a "
            + "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-");

    [Theory]
    [InlineData("AWS4- Signature=b Credential=a")]
    [InlineData("AWS4- Signature=b,Credential=a")]
    [InlineData("AWS4- Signature=b, Credential=a")]
    public void ParametersSeparatedBySpacesOrCommasAreAllRead(string header) =>
        AssertError(
            Open(),
            Request(("Authorization", header), ("Date", "a")),
            "IncompleteSignatureException",
            "Authorization header requires 'SignedHeaders' parameter. Authorization=" + header);

    [Fact]
    public void EmptyCredentialAndSignatureCountAsMissingButEmptySignedHeadersDoesNot() =>
        AssertError(
            Open(),
            Request(("Authorization", "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature="), ("X-Amz-Date", "20150830T123600Z")),
            "IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization=AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=");

    [Fact]
    public void APartWithoutEqualSignIsReportedWithTheWholeHeader()
    {
        const string header = "AWS4-HMAC-SHA256 Credential= myaccesskey/20181128/eu-central-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
        AssertError(
            Open(),
            Request(("Authorization", header), ("X-Amz-Date", "20181128T000000Z")),
            "IncompleteSignatureException",
            "'myaccesskey/20181128/eu-central-1/dynamodb/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '"
            + header + "'.");
    }

    [Fact]
    public void AnUnsupportedAlgorithmIsNamed() =>
        AssertError(
            Open(),
            Request(("Authorization", $"AWS4-HMAC-SHA25 Credential={GoodCredential}, SignedHeaders=host, Signature=ab"), ("X-Amz-Date", "20150830T123600Z")),
            "IncompleteSignatureException",
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ");

    [Theory]
    [InlineData("a/b/c/d")]
    [InlineData("a/b/c/d/e/f")]
    [InlineData("AKIDEXAMPLE")]
    public void ACredentialWithoutFiveElementsIsIncomplete(string credential) =>
        AssertError(
            Open(),
            Signed(credential),
            "IncompleteSignatureException",
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + credential + "'");

    [Fact]
    public void TrailingSlashesOfTheCredentialAreIgnored() =>
        Assert.Equal(new CallerIdentity("a", "c"), Open().Authenticate(Signed("a/b/c/d/e//")));

    [Theory]
    [InlineData("a/b//d/e", "")]
    [InlineData("a/b/us:east/d/e", "us:east")]
    public void AnInvalidRegionIsRejectedEvenWithoutCredentials(string credential, string region) =>
        AssertError(Open(), Signed(credential), "InvalidSignatureException", $"Credential should be scoped to a valid region, not '{region}'. ");

    [Fact]
    public void WithoutCredentialsAnyAccessKeyIsAcceptedAndTheRegionComesFromTheScope() =>
        Assert.Equal(new CallerIdentity("anything", "ap-southeast-2"), Open().Authenticate(Signed("anything/x/ap-southeast-2/y/z")));

    [Fact]
    public void WithoutCredentialsTheSameCallerIsReturnedAsTheSameInstance()
    {
        var authenticator = Open();
        var first = authenticator.Authenticate(Signed(GoodCredential));
        Assert.Same(first, authenticator.Authenticate(Signed(GoodCredential)));
        Assert.NotSame(first, authenticator.Authenticate(Signed("AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request")));
    }

    [Fact]
    public void QueryAlgorithmParameterTogetherWithAnAuthorizationHeaderIsInvalid() =>
        AssertError(
            Open(),
            Request(("Authorization", "X")) with { QueryString = "?X-Amz-Algorithm" },
            "InvalidSignatureException",
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");

    [Fact]
    public void AMisspelledQueryAlgorithmParameterIsIgnored() =>
        AssertError(Open(), Request(("Authorization", "X")) with { QueryString = "?X-Amz-Algorith" }, "MissingAuthenticationTokenException", "Request is missing Authentication Token");

    [Fact]
    public void QueryParametersWithoutTheAlgorithmDoNotAuthenticate() =>
        AssertError(
            Open(),
            Request() with { QueryString = "?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d" },
            "MissingAuthenticationTokenException",
            "Request is missing Authentication Token");

    [Fact]
    public void AnEmptyQueryAlgorithmListsEveryMissingQueryParameter() =>
        AssertError(
            Open(),
            Request() with { QueryString = "?X-Amz-Algorithm" },
            "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. "
            + "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
            + "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.");

    [Fact]
    public void AMissingQuerySignedHeadersIsNamed() =>
        AssertError(
            Open(),
            Request() with { QueryString = "?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d" },
            "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");

    [Theory]
    [InlineData("201")]
    [InlineData("20150830T123600")]
    [InlineData("20151330T123600Z")]
    [InlineData("2015-08-30T12:36:00Z")]
    public void WithCredentialsADateNotInBasicFormatIsIncomplete(string date) =>
        AssertError(
            Verifying(Now),
            Signed(GoodCredential, date),
            "IncompleteSignatureException",
            $"Date must be in ISO-8601 'basic format'. Got '{date}'. See http://en.wikipedia.org/wiki/ISO_8601");

    [Fact]
    public void ASignatureOlderThanFiveMinutesHasExpired() =>
        AssertError(
            Verifying(new DateTimeOffset(2024, 1, 1, 0, 10, 0, TimeSpan.Zero)),
            Signed("AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request", "20240101T000000Z"),
            "InvalidSignatureException",
            "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)");

    [Fact]
    public void ASignatureMoreThanFiveMinutesAheadIsNotYetCurrent() =>
        AssertError(
            Verifying(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Signed("AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request", "20240101T000501Z"),
            "InvalidSignatureException",
            "Signature not yet current: 20240101T000501Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)");

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void ExactlyFiveMinutesOfSkewIsAccepted(int seconds)
    {
        var request = TestSigner.Sign(Request(("Host", "localhost:8000")), Key, Secret, "us-east-1", Now.AddSeconds(seconds));
        Assert.Equal(Key, Verifying(Now).Authenticate(request).AccessKeyId);
    }

    [Fact]
    public void SkewIsMeasuredAgainstTheClockInWholeSeconds()
    {
        var request = TestSigner.Sign(Request(("Host", "localhost:8000")), Key, Secret, "us-east-1", Now);
        Assert.Equal(Key, Verifying(Now.AddMinutes(5).AddMilliseconds(999)).Authenticate(request).AccessKeyId);
    }

    [Fact]
    public void WithCredentialsHostMustBeSigned() =>
        AssertError(
            Verifying(Now),
            Request(("Authorization", $"AWS4-HMAC-SHA256 Credential={GoodCredential}, SignedHeaders=x-amz-date, Signature=ab"), ("X-Amz-Date", "20150830T123600Z")),
            "InvalidSignatureException",
            "'Host' must be a 'SignedHeader' in the AWS Authorization.");

    [Fact]
    public void WithCredentialsEveryScopeMistakeIsReportedTogether() =>
        AssertError(
            Verifying(Now),
            Signed("AKIDEXAMPLE/20150829/us-east-1/s3/aws4_requestx"),
            "InvalidSignatureException",
            "Credential should be scoped to correct service: 'dynamodb'. "
            + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requestx'. "
            + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.");

    [Fact]
    public void WithCredentialsAnUnknownAccessKeyIsAnUnrecognizedClient() =>
        AssertError(
            Verifying(Now),
            Signed("AKIDSOMEONEELSE/20150830/us-east-1/dynamodb/aws4_request"),
            "UnrecognizedClientException",
            "The security token included in the request is invalid.");

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("abc")]
    [InlineData("ZZ")]
    public void WithCredentialsAWrongSignatureIsInvalid(string signature) =>
        AssertError(
            Verifying(Now),
            Signed(GoodCredential, signature: signature),
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    [Fact]
    public void WithCredentialsARequestSignedWithAnHttpDateHeaderIsAccepted()
    {
        var request = TestSigner.Sign(Request(("Host", "localhost:8000")), Key, Secret, "eu-central-1", Now, useHttpDateHeader: true);
        Assert.DoesNotContain(request.Headers, h => h.Key == "X-Amz-Date");
        Assert.Equal(new CallerIdentity(Key, "eu-central-1"), Verifying(Now).Authenticate(request));
    }

    [Fact]
    public void WithCredentialsAPresignedRequestIsAccepted()
    {
        var request = TestSigner.Presign(Request(("Host", "localhost:8000")), Key, Secret, "us-west-2", Now);
        Assert.Equal(new CallerIdentity(Key, "us-west-2"), Verifying(Now).Authenticate(request));
    }

    [Fact]
    public void WithCredentialsAPresignedRequestWithAnotherSecretIsInvalid()
    {
        var request = TestSigner.Presign(Request(("Host", "localhost:8000")), Key, "wrong", "us-west-2", Now);
        AssertError(Verifying(Now), request, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    [Fact]
    public void WithCredentialsASignedHeaderChangedAfterSigningIsInvalid()
    {
        var request = TestSigner.Sign(Request(("Host", "localhost:8000"), ("X-Amz-Target", "DynamoDB_20120810.GetItem")), Key, Secret, "us-east-1", Now);
        var changed = request with
        {
            Headers = request.Headers.Select(h => h.Key == "X-Amz-Target" ? new KeyValuePair<string, string>(h.Key, "DynamoDB_20120810.DeleteTable") : h).ToList(),
        };
        Assert.Equal(Key, Verifying(Now).Authenticate(request).AccessKeyId);
        AssertError(Verifying(Now), changed, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    private static SigV4Authenticator Open() => new(null, new FixedClock(Now));

    private static SigV4Authenticator Verifying(DateTimeOffset now) => new(CredentialStore.Parse($"{Key} {Secret}"), new FixedClock(now));

    private static SignedRequest Request(params (string Name, string Value)[] headers) =>
        new("POST", "/", "", headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList(), Encoding.UTF8.GetBytes("{}"));

    private static SignedRequest Signed(string credential, string date = "20150830T123600Z", string signature = "abcdef") =>
        Request(
            ("Host", "localhost:8000"),
            ("X-Amz-Date", date),
            ("Authorization", $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host;x-amz-date, Signature={signature}"));

    private static void AssertError(SigV4Authenticator authenticator, SignedRequest request, string code, string message)
    {
        var error = Assert.Throws<DynamoDbException>(() => authenticator.Authenticate(request));
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.Message);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("com.amazon.coral.service", error.TypeNamespace);
    }
}
