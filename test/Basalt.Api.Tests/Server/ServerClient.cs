using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Basalt.Api.Tests.Server;

/// <summary>An AWS SDK client pointed at an in-process Basalt server.</summary>
internal static class ServerClient
{
    public static AmazonDynamoDBClient For(BasaltServer server, string region = "us-east-1") =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = server.Url.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        });
}
