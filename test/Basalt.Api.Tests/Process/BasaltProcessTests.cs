namespace Basalt.Api.Tests.ServerProcesses;

/// <summary>The contract of <c>basalt serve</c> that scripts rely on: one ready line, clean exit on SIGTERM/SIGINT.</summary>
public sealed class BasaltProcessTests
{
    [Fact]
    public async Task InMemoryServePrintsOneReadyLineWithItsUrlAndExitsCleanlyOnSigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await BasaltProcess.StartInMemoryAsync(ct);

        Assert.Equal($"Basalt listening on http://127.0.0.1:{server.Url.Port} (in-memory)", server.ReadyLine);
        Assert.NotEqual(0, server.Url.Port);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.PostAsync("/", new StringContent("{}"), ct);
        Assert.True((int)response.StatusCode < 500, $"status {(int)response.StatusCode}");
        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.Single(server.Output.Split('\n'), line => line.StartsWith("Basalt listening on ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DurableServeNamesItsDataDirectoryAndExitsCleanlyOnSigint()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(Path.GetTempPath(), "basalt-process-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var server = await BasaltProcess.StartDurableAsync(directory, ct);

            Assert.Equal($"Basalt listening on http://127.0.0.1:{server.Url.Port} (data: {directory})", server.ReadyLine);
            Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(60), BasaltProcess.Signal.Interrupt));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
