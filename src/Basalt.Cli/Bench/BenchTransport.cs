namespace Basalt.Cli.Bench;

/// <summary>How the load generator drives its connections.</summary>
internal enum BenchTransport
{
    /// <summary>Linux only: a few event-loop threads, each with its own epoll instance and non-blocking sockets.</summary>
    Epoll,

    /// <summary>One async loop per connection over .NET's <see cref="System.Net.Sockets.Socket"/> (any OS).</summary>
    Sockets,
}

internal static class BenchTransportNames
{
    public static BenchTransport Default => Epoll.IsSupported ? BenchTransport.Epoll : BenchTransport.Sockets;

    public static string Name(this BenchTransport transport) => transport == BenchTransport.Epoll ? "epoll" : "sockets";

    public static BenchTransport Parse(string name) => name.ToUpperInvariant() switch
    {
        "EPOLL" when Epoll.IsSupported => BenchTransport.Epoll,
        "EPOLL" => throw new ArgumentException("the epoll transport is Linux-only; use --transport sockets", nameof(name)),
        "SOCKETS" => BenchTransport.Sockets,
        _ => throw new ArgumentException($"unknown transport '{name}'; expected epoll or sockets", nameof(name)),
    };
}
