namespace Basalt.Benchmarks.Storage;

/// <summary>A scratch data directory for one benchmark run, deleted afterwards.</summary>
internal sealed class BenchmarkDirectory : IDisposable
{
    public BenchmarkDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "basalt-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
