using System.Net;
using Basalt.Protocol.Meta.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basalt.Control.Tests;

/// <summary>A Meta service with scripted answers on loopback port 0 (for client tests).</summary>
internal sealed class FakeMetaServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeMetaServer(WebApplication app, Uri url, ScriptedMeta service)
    {
        _app = app;
        Url = url;
        Service = service;
    }

    public Uri Url { get; }

    public ScriptedMeta Service { get; }

    public static async Task<FakeMetaServer> StartAsync(Func<CreateTableRequest, MetaReply> create)
    {
        var service = new ScriptedMeta(create);
        ListenOptions? listen = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            listen = l;
        }));
        var app = builder.Build();
        app.MapGrpcService<ScriptedMeta>();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new FakeMetaServer(app, new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}"), service);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Answers CreateTable with a scripted function and counts calls.</summary>
internal sealed class ScriptedMeta(Func<CreateTableRequest, MetaReply> create) : Meta.MetaBase
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override Task<MetaReply> CreateTable(CreateTableRequest request, Grpc.Core.ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(create(request));
    }
}
