using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Basalt.Cli.Bench;

/// <summary>Renders a <see cref="BenchResult"/> as a console table and as JSON.</summary>
internal static class BenchReport
{
    public static void WriteTable(IAnsiConsole console, BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var options = result.Options;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{options.Label ?? options.Endpoint.ToString()}: {options.Workload.Name}, {options.Items:N0} items of {options.ItemSize} B, {options.Distribution.ToString().ToLowerInvariant()}, concurrency {options.Concurrency} ({Transport(options)}), {result.Measured.TotalSeconds:0.#} s measured after {options.Warmup.TotalSeconds:0.#} s warm-up")));

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("operation").NoWrap());
        foreach (var column in new[] { "requests", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var operation in result.Operations)
        {
            AddRow(table, operation.Operation, operation.Requests, operation.Throughput, operation.Latency);
        }

        if (result.Operations.Count > 1)
        {
            AddRow(table, "all", result.Succeeded, result.Throughput, result.Latency);
        }

        console.Write(table);
        var errors = result.Errors.Count == 0
            ? "none"
            : string.Join(", ", result.Errors.OrderByDescending(e => e.Value).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value:N0}")));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"errors: {result.FailedRequests:N0} ({errors}); throttles: {result.Throttles:N0}")));
        var machine = Environment.ProcessorCount;
        var client = string.Create(
            CultureInfo.InvariantCulture,
            $"load generator CPU: {result.ClientCores:0.00} cores ({100 * result.ClientCores / machine:0.#}% of {machine}), {result.ClientMicrosPerRequest:0.0} µs and {result.ClientBytesPerRequest:0.#} bytes allocated per request");
        if (result.ServerCores is { } server)
        {
            client += string.Create(CultureInfo.InvariantCulture, $"; server CPU: {server:0.00} cores ({100 * server / machine:0.#}%)");
        }

        console.MarkupLine(Markup.Escape(client));
    }

    private static string Transport(BenchOptions options) => options.Transport == BenchTransport.Epoll
        ? string.Create(CultureInfo.InvariantCulture, $"epoll, {options.Loops} loop{(options.Loops == 1 ? "" : "s")}")
        : options.Transport.Name();

    private static void AddRow(Table table, string name, long requests, double throughput, LatencySummary latency)
    {
        table.AddRow(
            name,
            requests.ToString("N0", CultureInfo.InvariantCulture),
            throughput.ToString("N0", CultureInfo.InvariantCulture),
            Ms(latency.P50),
            Ms(latency.P90),
            Ms(latency.P99),
            Ms(latency.P999),
            Ms(latency.Max));
    }

    private static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    public static void WriteJson(Stream stream, BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var options = result.Options;
        json.WriteStartObject();
        if (options.Label is not null)
        {
            json.WriteString("label", options.Label);
        }

        json.WriteString("endpoint", options.Endpoint.ToString());
        json.WriteString("workload", options.Workload.Name);
        json.WriteNumber("items", options.Items);
        json.WriteNumber("itemSize", options.ItemSize);
        json.WriteString("distribution", options.Distribution.ToString().ToLowerInvariant());
        json.WriteNumber("concurrency", options.Concurrency);
        json.WriteString("transport", options.Transport.Name());
        if (options.Transport == BenchTransport.Epoll)
        {
            json.WriteNumber("loops", options.Loops);
        }
        json.WriteNumber("warmupSeconds", options.Warmup.TotalSeconds);
        json.WriteNumber("durationSeconds", result.Measured.TotalSeconds);
        json.WriteNumber("requests", result.Requests);
        json.WriteNumber("succeeded", result.Succeeded);
        json.WriteNumber("throughput", Math.Round(result.Throughput, 1));
        WriteLatency(json, result.Latency);
        json.WriteStartObject("operations");
        foreach (var operation in result.Operations)
        {
            json.WriteStartObject(operation.Operation);
            json.WriteNumber("requests", operation.Requests);
            json.WriteNumber("throughput", Math.Round(operation.Throughput, 1));
            WriteLatency(json, operation.Latency);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteNumber("errors", result.FailedRequests);
        json.WriteNumber("throttles", result.Throttles);
        json.WriteStartObject("errorsByCode");
        foreach (var (code, count) in result.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(code, count);
        }

        json.WriteEndObject();
        json.WriteNumber("connections", result.Connects);
        json.WriteStartObject("client");
        json.WriteNumber("cpuSeconds", Math.Round(result.ClientCpu.TotalSeconds, 3));
        json.WriteNumber("cores", Math.Round(result.ClientCores, 3));
        json.WriteNumber("machineCores", Environment.ProcessorCount);
        json.WriteNumber("cpuMicrosPerRequest", Math.Round(result.ClientMicrosPerRequest, 2));
        json.WriteNumber("allocatedBytesPerRequest", Math.Round(result.ClientBytesPerRequest, 1));
        json.WriteEndObject();
        if (result.ServerCores is { } serverCores)
        {
            json.WriteStartObject("server");
            json.WriteNumber("pid", options.ServerPid!.Value);
            json.WriteNumber("cpuSeconds", Math.Round(result.ServerCpu!.Value.TotalSeconds, 3));
            json.WriteNumber("cores", Math.Round(serverCores, 3));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter json, LatencySummary latency)
    {
        json.WriteStartObject("latencyMs");
        json.WriteNumber("p50", latency.P50);
        json.WriteNumber("p90", latency.P90);
        json.WriteNumber("p99", latency.P99);
        json.WriteNumber("p999", latency.P999);
        json.WriteNumber("max", latency.Max);
        json.WriteNumber("mean", Math.Round(latency.Mean, 4));
        json.WriteEndObject();
    }
}
