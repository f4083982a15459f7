using System.Globalization;
using System.Text;
using Basalt.Api.Auth;

namespace Basalt.Api.Tests.Auth;

/// <summary>
/// Cases of AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, region us-east-1,
/// service "service", 20150830T123600Z): the canonical request, string to sign and signature each
/// case states, and the authenticator accepting exactly the suite's signature.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    internal const string AccessKey = "AKIDEXAMPLE";
    internal const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public sealed record Vector(
        string Name,
        string Method,
        string Path,
        string Query,
        string[][] Headers,
        string Body,
        string CanonicalRequest,
        string StringToSignHash,
        string Signature)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Vector> Vectors() => new(AllVectors);

    private static readonly Vector[] AllVectors =
    [
        new Vector("get-vanilla", "GET", "/", "", [], "",
            $"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new Vector("post-vanilla", "POST", "/", "", [], "",
            $"POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            null!,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new Vector("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", [], "",
            $"GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new Vector("get-utf8", "GET", "/\u1234", "", [], "",
            $"GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        new Vector("get-space-unnormalized", "GET", "/example space/", "", [], "",
            $"GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        new Vector("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", [], "",
            $"GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new Vector("get-vanilla-query-order-encoded", "GET", "/", "Param-3=Value3&Param=Value2&%E1%88%B4=Value1", [], "",
            $"GET\n/\n%E1%88%B4=Value1&Param=Value2&Param-3=Value3\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "868294f5c38bd141c4972a373a76654f1418a8e4fc18b2e7903ae45e8ae0ec71",
            "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
        new Vector("get-vanilla-query-unreserved", "GET", "/",
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            [], "",
            $"GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        new Vector("get-vanilla-utf8-query", "GET", "/", "\u1234=bar", [], "",
            $"GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new Vector("get-vanilla-with-session-token", "GET", "/", "",
            [["X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"]], "",
            $"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\nhost;x-amz-date;x-amz-security-token\n{EmptyHash}",
            "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b",
            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
        new Vector("get-header-key-duplicate", "GET", "/", "",
            [["My-Header1", "value2"], ["My-Header1", "value2"], ["My-Header1", "value1"]], "",
            $"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n{EmptyHash}",
            "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new Vector("get-header-value-order", "GET", "/", "",
            [["My-Header1", "value4"], ["My-Header1", "value1"], ["My-Header1", "value3"], ["My-Header1", "value2"]], "",
            $"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n{EmptyHash}",
            "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new Vector("get-header-value-trim", "GET", "/", "",
            [["My-Header1", " value1"], ["My-Header2", " \"a   b   c\""]], "",
            $"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n{EmptyHash}",
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new Vector("post-vanilla-query", "POST", "/", "Param1=value1", [], "",
            $"POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}",
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new Vector("post-header-value-case", "POST", "/", "", [["My-Header1", "VALUE1"]], "",
            $"POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n{EmptyHash}",
            "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        new Vector("post-x-www-form-urlencoded", "POST", "/", "",
            [
                ["Content-Type", "application/x-www-form-urlencoded"],
                ["Content-Length", "13"],
                ["x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"],
            ],
            "Param1=value1",
            "POST\n/\n\ncontent-length:13\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\nx-amz-date:20150830T123600Z\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void CanonicalRequestIsTheOneTheSuiteStates(Vector vector)
    {
        var request = ToRequest(vector, signature: null);
        Assert.Equal(vector.CanonicalRequest, CanonicalRequest.Build(request, SignedHeadersOf(vector)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void StringToSignIsTheOneTheSuiteStates(Vector vector)
    {
        if (vector.StringToSignHash is null)
        {
            return;
        }

        var writer = new Utf8Writer(256);
        try
        {
            SigV4Signing.WriteStringToSign(
                ref writer, "20150830T123600Z", "20150830/us-east-1/service/aws4_request", Encoding.UTF8.GetBytes(vector.CanonicalRequest));
            Assert.Equal(
                "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" + vector.StringToSignHash,
                Encoding.UTF8.GetString(writer.Written));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AuthenticatorAcceptsTheSuiteSignature(Vector vector)
    {
        var identity = SuiteAuthenticator().Authenticate(ToRequest(vector, vector.Signature));
        Assert.Equal(new CallerIdentity(AccessKey, "us-east-1"), identity);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AuthenticatorRejectsTheSuiteSignatureWithOneDigitChanged(Vector vector)
    {
        var last = vector.Signature[^1];
        var tampered = vector.Signature[..^1] + (last == '0' ? '1' : '0').ToString(CultureInfo.InvariantCulture);
        var error = Assert.Throws<Basalt.Model.DynamoDbException>(
            () => SuiteAuthenticator().Authenticate(ToRequest(vector, tampered)));
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
    }

    [Fact]
    public void ChangingTheBodyAfterSigningIsRejected()
    {
        var vector = AllVectors.Single(v => v.Name == "post-x-www-form-urlencoded");
        var request = ToRequest(vector, vector.Signature) with { Body = Encoding.UTF8.GetBytes("Param1=value2") };
        var error = Assert.Throws<Basalt.Model.DynamoDbException>(() => SuiteAuthenticator().Authenticate(request));
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
    }

    [Fact]
    public void ChangingAnUnsignedHeaderAfterSigningIsAccepted()
    {
        var vector = AllVectors.Single(v => v.Name == "get-vanilla");
        var request = ToRequest(vector, vector.Signature);
        var headers = request.Headers.Append(new("User-Agent", "changed")).ToList();
        Assert.Equal(AccessKey, SuiteAuthenticator().Authenticate(request with { Headers = headers }).AccessKeyId);
    }

    internal static SigV4Authenticator SuiteAuthenticator() =>
        new(CredentialStore.Parse($"{AccessKey} {Secret}"), new FixedClock(SuiteTime), "service");

    private static string SignedHeadersOf(Vector vector) => vector.CanonicalRequest.Split('\n')[^2];

    private static SignedRequest ToRequest(Vector vector, string? signature)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "example.amazonaws.com"),
            new("X-Amz-Date", "20150830T123600Z"),
        };
        headers.AddRange(vector.Headers.Select(h => new KeyValuePair<string, string>(h[0], h[1])));
        if (signature is not null)
        {
            headers.Add(new(
                "Authorization",
                $"AWS4-HMAC-SHA256 Credential={AccessKey}/20150830/us-east-1/service/aws4_request, SignedHeaders={SignedHeadersOf(vector)}, Signature={signature}"));
        }

        return new SignedRequest(vector.Method, vector.Path, vector.Query, headers, Encoding.UTF8.GetBytes(vector.Body));
    }
}
